// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit_abi_deviations: the deviation fixture parser and matcher. A
 * malformed fixture is an error naming file, line and key; a record that
 * does not match the build exactly is no excuse for a difference.
 */
#include <stdlib.h>

#include "abi_deviations.h"
#include "kernel_abi.h"
#include "expect.h"
#include "kselftest_harness.h"

#define F "dev.ini"

static struct abi_deviations devs;

static int parse(const char *text, struct problem *p)
{
	return abi_deviations_parse(text, F, &devs, p);
}

static const char good[] =
	"; comment\n"
	"[i386 vfio_iommu_type1_info_cap_migration]\n"
	"reason = first line\n"
	"  second line\n"
	"pgsize_bitmap.offset = 12\n"
	"max_dirty_bitmap_size.offset = 20\n"
	"sizeof = 28\n"
	"\n"
	"[i386 vfio_iommu_type1_info]\n"
	"reason = packed\n"
	"sizeof = 20\n"
	"fixed_by = 2f8d25fa8aed\n"
	"uapi_before = 6.7\n";

TEST(valid_fixture_parses)
{
	struct problem p;
	const struct abi_deviation *d;

	ASSERT_EQ(DEVIATIONS_OK, parse(good, &p)) TH_LOG("%s", p.text);
	ASSERT_EQ(2, devs.count);
	d = &devs.list[0];
	EXPECT_STREQ("i386", d->abi);
	EXPECT_STREQ("vfio_iommu_type1_info_cap_migration", d->type);
	EXPECT_STREQ("first line second line", d->reason);
	EXPECT_EQ(2, d->line);
	ASSERT_EQ(3, d->item_count);
	EXPECT_STREQ("pgsize_bitmap", d->items[0].member);
	EXPECT_EQ(ABI_OFFSET, d->items[0].property);
	EXPECT_EQ(12, d->items[0].value);
	EXPECT_EQ(ABI_SIZEOF, d->items[2].property);
	EXPECT_EQ(KABI_VERSION(6, 7, 0), devs.list[1].uapi_before);
}

TEST(uapi_before_limits_where_a_deviation_applies)
{
	struct problem p;

	ASSERT_EQ(DEVIATIONS_OK, parse(good, &p));
	EXPECT_NOT_NULL(abi_deviation_find(&devs, "i386", "vfio_iommu_type1_info",
					   KABI_VERSION(6, 1, 4)));
	EXPECT_NULL(abi_deviation_find(&devs, "i386", "vfio_iommu_type1_info",
					   KABI_VERSION(6, 7, 0)));
	EXPECT_NULL(abi_deviation_find(&devs, "armhf", "vfio_iommu_type1_info",
					   KABI_VERSION(6, 1, 4)));
}

struct bad_fixture {
	const char *text;
	int code;
	const char *diagnosis;
};

static const struct bad_fixture bad[] = {
	{ "[i686 vfio_bitmap]\nreason = x\nsizeof = 20\n", DEVIATIONS_BAD_SECTION,
	  F ":2: [i686 vfio_bitmap] section: unknown ABI" },
	{ "[i386 vfio_bitmapp]\nreason = x\n", DEVIATIONS_BAD_SECTION,
	  F ":2: [i386 vfio_bitmapp] section: struct is not in the kernel ABI reference table" },
	{ "[i386]\nreason = x\n", DEVIATIONS_BAD_SECTION, "expected [ABI STRUCT]" },
	{ "[i386 vfio_bitmap]\nreason = x\ndata.ofset = 3\n", DEVIATIONS_BAD_KEY,
	  F ":3: [i386 vfio_bitmap] data.ofset: unknown key" },
	{ "[i386 vfio_bitmap]\nreason = x\ndat.size = 4\n", DEVIATIONS_BAD_KEY,
	  F ":3: [i386 vfio_bitmap] dat.size: no such member" },
	{ "[i386 vfio_bitmap]\nreason = x\nsizeof = 20x\n", DEVIATIONS_BAD_VALUE,
	  F ":3: [i386 vfio_bitmap] sizeof: expected a decimal byte count" },
	{ "[i386 vfio_bitmap]\nreason = x\nsizeof = -1\n", DEVIATIONS_BAD_VALUE, ":3:" },
	{ "[i386 vfio_bitmap]\nreason = x\nsizeof = 20\nsizeof = 21\n", DEVIATIONS_BAD_KEY,
	  F ":4: [i386 vfio_bitmap] sizeof: given twice" },
	{ "[i386 vfio_bitmap]\nsizeof = 20\n", DEVIATIONS_INCOMPLETE,
	  F ":1: [i386 vfio_bitmap] missing key: reason" },
	{ "[i386 vfio_bitmap]\nreason = x\n", DEVIATIONS_INCOMPLETE, "missing key: sizeof or" },
	{ "[i386 vfio_bitmap]\nreason = x\nsizeof = 20\nfixed_by = 2f8d25fa8aed\n",
	  DEVIATIONS_INCOMPLETE, "missing key: uapi_before" },
	{ "[i386 vfio_bitmap]\nreason = x\nsizeof = 20\nfixed_by = v6.7\nuapi_before = 6.7\n",
	  DEVIATIONS_BAD_VALUE, ":4: [i386 vfio_bitmap] fixed_by: expected one upstream commit" },
	{ "[i386 vfio_bitmap]\nreason = x\nsizeof = 20\nuapi_before = six\n",
	  DEVIATIONS_BAD_VALUE, ":4: [i386 vfio_bitmap] uapi_before:" },
	{ "[i386 vfio_bitmap]\nreason = x\nthis line has no equals sign\n", DEVIATIONS_SYNTAX,
	  F ":3: not an INI line (want [section]" },
	{ "sizeof = 20\n", DEVIATIONS_BAD_SECTION, F ":1: [] sizeof: key outside any [ABI STRUCT] section" },
};

TEST(malformed_fixtures_name_file_line_and_key)
{
	struct problem p;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(bad[i].code, parse(bad[i].text, &p)) TH_LOG("case %zu: %s", i, p.text);
		EXPECT_CONTAINS(p.text, bad[i].diagnosis) TH_LOG("case %zu: %s", i, p.text);
	}
}

TEST(overlong_line_is_reported)
{
	char text[400];
	struct problem p;

	snprintf(text, sizeof(text), "[i386 vfio_bitmap]\nreason = %0250d\nsizeof = 20\n", 0);
	EXPECT_EQ(DEVIATIONS_SYNTAX, parse(text, &p));
	EXPECT_CONTAINS(p.text, F ":2: line longer than");
}

TEST(missing_file_is_reported)
{
	struct problem p;

	EXPECT_EQ(DEVIATIONS_UNREADABLE,
		  abi_deviations_load("/nonexistent/abi-deviations.ini", &devs, &p));
	EXPECT_CONTAINS(p.text, "/nonexistent/abi-deviations.ini: No such file");
}

TEST(project_fixture_parses)
{
	const char *dir = getenv("VFIO_CONFORMANCE_FIXTURES");
	char path[256];
	struct problem p;

	snprintf(path, sizeof(path), "%s/abi-deviations.ini", dir ? dir : "fixtures");
	ASSERT_EQ(DEVIATIONS_OK, abi_deviations_load(path, &devs, &p)) TH_LOG("%s", p.text);
	EXPECT_LT(0, devs.count);
}

static const struct abi_mismatch i386_migration[] = {
	{ "pgsize_bitmap", ABI_OFFSET, 16, 12 },
	{ "max_dirty_bitmap_size", ABI_OFFSET, 24, 20 },
	{ NULL, ABI_SIZEOF, 32, 28 },
};

TEST(exact_match_is_a_known_deviation)
{
	struct problem p, why;

	ASSERT_EQ(DEVIATIONS_OK, parse(good, &p));
	EXPECT_TRUE(abi_deviation_matches(&devs.list[0], i386_migration, 3, &why));
}

TEST(a_difference_the_record_lacks_is_not_excused)
{
	struct abi_mismatch m[4];
	struct problem p, why;

	ASSERT_EQ(DEVIATIONS_OK, parse(good, &p));
	memcpy(m, i386_migration, sizeof(i386_migration));
	m[3] = (struct abi_mismatch){ "flags", ABI_OFFSET, 8, 4 };
	EXPECT_FALSE(abi_deviation_matches(&devs.list[0], m, 4, &why));
	EXPECT_CONTAINS(why.text, "flags offset is 4 (kernel 8), which the deviation at line 2 does not record");
}

TEST(other_values_are_not_excused)
{
	struct abi_mismatch m[3];
	struct problem p, why;

	ASSERT_EQ(DEVIATIONS_OK, parse(good, &p));
	memcpy(m, i386_migration, sizeof(i386_migration));
	m[0].seen = 8;
	EXPECT_FALSE(abi_deviation_matches(&devs.list[0], m, 3, &why));
	EXPECT_CONTAINS(why.text, "pgsize_bitmap offset is 8, the deviation at line 2 records 12");
	EXPECT_FALSE(abi_deviation_matches(&devs.list[0], m, 2, &why));
}

TEST_HARNESS_MAIN
