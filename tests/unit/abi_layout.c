// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit_abi_layout: the comparison behind abi_layout, fed crafted layouts,
 * so a moved, resized or padded field is shown to be caught.
 */
#include <stdbool.h>
#include <string.h>

#include "abi_layout.h"
#include "kselftest_harness.h"

static const struct abi_struct migration = {
	"vfio_iommu_type1_info_cap_migration", 32, 32, ""
};

static struct abi_field kernel_like[] = {
	{ "vfio_iommu_type1_info_cap_migration", "flags", 0, 8, 4, 8, 4 },
	{ "vfio_iommu_type1_info_cap_migration", "pgsize_bitmap", 0, 16, 8, 16, 8 },
	{ "vfio_iommu_type1_info_cap_migration", "max_dirty_bitmap_size", 0, 24, 8, 24, 8 },
	{ "vfio_iova_range", "start", 0, 0, 8, 4, 8 },	/* another struct's row */
};

TEST(identical_layout_has_no_mismatch)
{
	struct abi_mismatch m[4];

	EXPECT_EQ(0, abi_struct_diff(kernel_like, 4, &migration, m, 4));
}

TEST(moved_field_is_caught)
{
	struct abi_field f[4];
	struct abi_mismatch m[4];

	memcpy(f, kernel_like, sizeof(f));
	f[1].seen_offset = 12;
	ASSERT_EQ(1, abi_struct_diff(f, 4, &migration, m, 4));
	EXPECT_STREQ("pgsize_bitmap", m[0].member);
	EXPECT_EQ(ABI_OFFSET, m[0].property);
	EXPECT_EQ(16, m[0].kernel);
	EXPECT_EQ(12, m[0].seen);
}

TEST(resized_field_and_sizeof_are_caught)
{
	struct abi_field f[4];
	struct abi_struct s = migration;
	struct abi_mismatch m[4];

	memcpy(f, kernel_like, sizeof(f));
	f[0].seen_size = 8;
	s.seen_sizeof = 28;
	ASSERT_EQ(2, abi_struct_diff(f, 4, &s, m, 4));
	EXPECT_EQ(ABI_SIZE, m[0].property);
	EXPECT_EQ(ABI_SIZEOF, m[1].property);
	EXPECT_NULL(m[1].member);
}

TEST(count_goes_on_past_the_array)
{
	struct abi_field f[4];
	struct abi_mismatch m[1];

	memcpy(f, kernel_like, sizeof(f));
	f[0].seen_offset = 4;
	f[1].seen_offset = 12;
	EXPECT_EQ(2, abi_struct_diff(f, 4, &migration, m, 1));
}

TEST(this_build_names_its_abi)
{
	bool listed = false;

	for (size_t i = 0; i < abi_name_count; i++)
		listed |= !strcmp(abi_names[i], abi_name);
	EXPECT_TRUE(listed) TH_LOG("%s is not in abis.tsv", abi_name);
	EXPECT_LT(0x060100, abi_uapi_version);
}

TEST_HARNESS_MAIN
