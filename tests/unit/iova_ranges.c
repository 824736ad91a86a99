// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit_iova_ranges: the range arithmetic the reserved-window checks
 * (SPEC A34-A37, A41) are built on, including ranges that end at 2^64-1.
 */
#include "iova_ranges.h"
#include "expect.h"
#include "kselftest_harness.h"

#define MAX64 UINT64_MAX

static const struct iova_range vtd[] = {
	{ 0x0, 0xfedfffff },
	{ 0xfef00000, 0x7fffffffff },
};

static const struct iova_range amd[] = {
	{ 0x0, 0xfedfffff },
	{ 0xfef00000, 0xfcffffffff },
	{ 0x10000000000, MAX64 },
};

TEST(kernel_lists_validate)
{
	struct problem p;

	EXPECT_EQ(IOVA_LIST_OK, iova_ranges_validate(vtd, 2, &p));
	EXPECT_EQ(IOVA_LIST_OK, iova_ranges_validate(amd, 3, &p));
	EXPECT_EQ(IOVA_LIST_OK, iova_ranges_validate(vtd, 0, &p));
}

TEST(start_after_end_is_reported)
{
	const struct iova_range r[] = { { 0x2000, 0x1fff } };
	struct problem p;

	EXPECT_EQ(IOVA_START_AFTER_END, iova_ranges_validate(r, 1, &p));
	EXPECT_CONTAINS(p.text, "range 0 [0x2000-0x1fff]: start after end");
}

TEST(unsorted_is_reported)
{
	const struct iova_range r[] = { { 0x10000, 0x1ffff }, { 0x0, 0xfff } };
	struct problem p;

	EXPECT_EQ(IOVA_UNSORTED, iova_ranges_validate(r, 2, &p));
	EXPECT_CONTAINS(p.text, "range 1 starts at 0x0, before range 0 at 0x10000");
}

TEST(overlap_is_reported)
{
	const struct iova_range r[] = { { 0x0, 0x1fff }, { 0x1fff, 0x3fff } };
	struct problem p;

	EXPECT_EQ(IOVA_OVERLAP, iova_ranges_validate(r, 2, &p));
}

TEST(adjacent_ranges_are_reported)
{
	const struct iova_range r[] = { { 0x0, 0xfff }, { 0x1000, 0x1fff } };
	struct problem p;

	EXPECT_EQ(IOVA_ADJACENT, iova_ranges_validate(r, 2, &p));
	EXPECT_CONTAINS(p.text, "no gap");
}

TEST(complement_of_vtd_is_msi_window_and_top)
{
	struct iova_range gaps[4];

	ASSERT_EQ(2, iova_ranges_complement(vtd, 2, 0, MAX64, gaps, 4));
	EXPECT_EQ(0xfee00000, gaps[0].start);
	EXPECT_EQ(0xfeefffff, gaps[0].end);
	EXPECT_EQ(0x8000000000, gaps[1].start);
	EXPECT_EQ(MAX64, gaps[1].end);
}

TEST(complement_of_list_ending_at_u64_max_does_not_wrap)
{
	struct iova_range gaps[4];

	ASSERT_EQ(2, iova_ranges_complement(amd, 3, 0, MAX64, gaps, 4));
	EXPECT_EQ(0xfd00000000, gaps[1].start);
	EXPECT_EQ(0xffffffffff, gaps[1].end);
}

TEST(complement_within_bounds_and_of_nothing)
{
	struct iova_range gaps[4];

	ASSERT_EQ(1, iova_ranges_complement(vtd, 2, 0xfe000000, 0xff000000, gaps, 4));
	EXPECT_EQ(0xfee00000, gaps[0].start);
	ASSERT_EQ(1, iova_ranges_complement(NULL, 0, 5, 9, gaps, 4));
	EXPECT_EQ(5, gaps[0].start);
	EXPECT_EQ(9, gaps[0].end);
	EXPECT_EQ(0, iova_ranges_complement(vtd, 2, 0x1000, 0x2000, gaps, 4));
}

TEST(complement_counts_past_max)
{
	struct iova_range gap;

	EXPECT_EQ(2, iova_ranges_complement(vtd, 2, 0, MAX64, &gap, 1));
	EXPECT_EQ(0xfee00000, gap.start);
}

TEST(intersection_of_two_groups)
{
	const struct iova_range smmu[] = {
		{ 0x0, 0x7ffffff },
		{ 0x8100000, 0xffffffffffff },
	};
	struct iova_range out[4];

	ASSERT_EQ(3, iova_ranges_intersect(vtd, 2, smmu, 2, out, 4));
	EXPECT_EQ(0x7ffffff, out[0].end);
	EXPECT_EQ(0x8100000, out[1].start);
	EXPECT_EQ(0xfedfffff, out[1].end);
	EXPECT_EQ(0xfef00000, out[2].start);
	EXPECT_EQ(0x7fffffffff, out[2].end);
}

TEST(fit_one_needs_a_single_range)
{
	EXPECT_TRUE(iova_ranges_fit_one(vtd, 2, 0, 0xfedfffff));
	EXPECT_TRUE(iova_ranges_fit_one(vtd, 2, 0xfef00000, 0xfef00fff));
	EXPECT_FALSE(iova_ranges_fit_one(vtd, 2, 0xfedff000, 0xfee00fff));
	EXPECT_FALSE(iova_ranges_fit_one(vtd, 2, 0xfedff000, 0xfef00fff));
	EXPECT_FALSE(iova_ranges_fit_one(vtd, 2, 0x8000000000, 0x8000000fff));
	EXPECT_FALSE(iova_ranges_fit_one(vtd, 2, 0x2000, 0x1000));
	EXPECT_TRUE(iova_ranges_fit_one(amd, 3, MAX64 - 0xfff, MAX64));
}

TEST(overlaps_at_edges)
{
	struct iova_range msi = { 0xfee00000, 0xfeefffff };

	EXPECT_TRUE(iova_range_overlaps(msi, (struct iova_range){ 0xfedff000, 0xfee00000 }));
	EXPECT_TRUE(iova_range_overlaps(msi, (struct iova_range){ 0xfeefffff, 0xfef00fff }));
	EXPECT_FALSE(iova_range_overlaps(msi, (struct iova_range){ 0xfedff000, 0xfedfffff }));
	EXPECT_FALSE(iova_range_overlaps(msi, (struct iova_range){ 0xfef00000, 0xfef00fff }));
}

TEST(cover_by_overlapping_unsorted_regions)
{
	const struct iova_range regions[] = {
		{ 0xfee80000, 0xfeefffff },
		{ 0x0, 0xffffff },
		{ 0xfee00000, 0xfee8ffff },
	};

	EXPECT_TRUE(iova_ranges_cover(regions, 3, (struct iova_range){ 0xfee00000, 0xfeefffff }));
	EXPECT_FALSE(iova_ranges_cover(regions, 3, (struct iova_range){ 0xfee00000, 0xfef00000 }));
	EXPECT_FALSE(iova_ranges_cover(regions, 2, (struct iova_range){ 0xfee00000, 0xfeefffff }));
	EXPECT_FALSE(iova_ranges_cover(NULL, 0, (struct iova_range){ 1, 1 }));
}

/* Where MAP tests put mappings: aligned, inside one range, room for all. */
TEST(first_fit_takes_the_first_aligned_room)
{
	static const struct iova_range r[] = {
		{ 0x1001, 0x1fff },	/* no aligned granule at all */
		{ 0x2800, 0x5fff },	/* aligned start 0x3000: room for 2, not 3 */
		{ 0x10000, 0x7fffffffffULL },
	};
	uint64_t base = 0;

	EXPECT_EQ(0, iova_ranges_first_fit(r, 3, 0x1000, 2, &base));
	EXPECT_EQ(0x3000, base);
	EXPECT_EQ(0, iova_ranges_first_fit(r, 3, 0x1000, 4, &base));
	EXPECT_EQ(0x10000, base);
	EXPECT_EQ(-1, iova_ranges_first_fit(r, 2, 0x1000, 4, &base));
	EXPECT_EQ(-1, iova_ranges_first_fit(r, 1, 0x1000, 1, &base))
		TH_LOG("a range with no aligned granule chose 0x%llx", (unsigned long long)base);
}

/* An alignment that wraps past 2^64 is no room. */
TEST(first_fit_does_not_wrap_at_the_top)
{
	static const struct iova_range r[] = { { 0xfffffffffffff001ULL, UINT64_MAX } };
	uint64_t base = 0;

	EXPECT_EQ(-1, iova_ranges_first_fit(r, 1, 0x1000, 1, &base));
}

TEST_HARNESS_MAIN
