// SPDX-License-Identifier: GPL-2.0-only
/* unit iommu_width: VT-d's MGAW read from its capability register (A73). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expect.h"
#include "iommu_width.h"
#include "kselftest_harness.h"

/* QEMU's intel-iommu with aw-bits=39: MGAW field 38 */
TEST(mgaw_of_a_39_bit_iommu)
{
	unsigned int bits = 0;
	struct problem p;

	ASSERT_EQ(IOMMU_WIDTH_OK, iommu_width_parse_vtd_cap("d2008c22260206\n", "cap", &bits, &p))
		TH_LOG("%s", p.text);
	EXPECT_EQ(39, bits);
	ASSERT_EQ(IOMMU_WIDTH_OK, iommu_width_parse_vtd_cap("d2008c222f0206\n", "cap", &bits, &p));
	EXPECT_EQ(48, bits);
}

TEST(malformed_registers_are_named)
{
	unsigned int bits;
	struct problem p;

	EXPECT_EQ(IOMMU_WIDTH_MALFORMED, iommu_width_parse_vtd_cap("zz\n", "cap", &bits, &p));
	EXPECT_CONTAINS(p.text, "cap: expected the capability register in hex");
	EXPECT_EQ(IOMMU_WIDTH_MALFORMED, iommu_width_parse_vtd_cap("d2008c22260206", "cap", &bits, &p));
	EXPECT_EQ(IOMMU_WIDTH_MALFORMED, iommu_width_parse_vtd_cap("0\n", "cap", &bits, &p));
	EXPECT_CONTAINS(p.text, "MGAW says 1 address bits");
}

TEST(an_iommu_without_the_attribute_reports_no_width)
{
	char root[] = "/tmp/vfioc-width.XXXXXX", path[256];
	unsigned int bits = 0;
	struct problem p;
	FILE *f;

	ASSERT_NOT_NULL(mkdtemp(root));
	EXPECT_EQ(IOMMU_WIDTH_UNREPORTED, iommu_width_read(root, "smmu3.0x9050000", &bits, &p));
	EXPECT_CONTAINS(p.text, "smmu3.0x9050000 reports no address width in sysfs");
	snprintf(path, sizeof(path), "%s/dmar0", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/dmar0/intel-iommu", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/dmar0/intel-iommu/cap", root);
	f = fopen(path, "w");
	ASSERT_NOT_NULL(f);
	fputs("d2008c22260206\n", f);
	fclose(f);
	EXPECT_EQ(IOMMU_WIDTH_OK, iommu_width_read(root, "dmar0", &bits, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(39, bits);
	unlink(path);
	snprintf(path, sizeof(path), "%s/dmar0/intel-iommu", root);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/dmar0", root);
	rmdir(path);
	rmdir(root);
}

TEST_HARNESS_MAIN
