// SPDX-License-Identifier: GPL-2.0-only
/* unit ranges_vs_regions: usable ranges against reserved regions (A35, A36, A80). */
#include "expect.h"
#include "kselftest_harness.h"
#include "ranges_vs_regions.h"

/* q35 with VT-d: the MSI window splits [0, 2^39-1] in two */
static const struct resv_region vtd[] = {
	{ { 0x0, 0xffffff }, RESV_DIRECT_RELAXABLE },
	{ { 0xfee00000, 0xfeefffff }, RESV_MSI },
};
static const struct iova_range good[] = {
	{ 0x0, 0xfedfffff }, { 0xfef00000, 0x7fffffffff },
};

TEST(the_complement_of_the_kept_regions_passes)
{
	struct problem p;

	EXPECT_EQ(0, ranges_overlapping_regions(good, 2, vtd, 2, &p));
	EXPECT_EQ(0, gaps_not_reserved(good, 2, vtd, 2, &p));
}

TEST(a_range_into_the_msi_window_is_named)
{
	const struct iova_range into[] = { { 0x0, 0xfee00fff }, { 0xfef00000, 0x7fffffffff } };
	struct problem p;

	EXPECT_EQ(1, ranges_overlapping_regions(into, 2, vtd, 2, &p));
	EXPECT_CONTAINS(p.text, "msi region [0xfee00000-0xfeefffff] overlaps range 0 [0x0-0xfee00fff]");
}

TEST(a_gap_no_region_explains_is_named)
{
	const struct iova_range shorter[] = { { 0x0, 0xfedfefff }, { 0xfef00000, 0x7fffffffff } };
	struct problem p;

	EXPECT_EQ(1, gaps_not_reserved(shorter, 2, vtd, 2, &p));
	EXPECT_CONTAINS(p.text, "gap [0xfedff000-0xfeefffff] between ranges 0 and 1 is no reserved region");
}

TEST(a_relaxable_region_neither_blocks_nor_explains)
{
	const struct iova_range split[] = { { 0x0, 0xfff }, { 0x1000000, 0xfedfffff } };
	struct problem p;

	EXPECT_EQ(0, ranges_overlapping_regions(good, 2, vtd, 1, &p));
	EXPECT_EQ(1, gaps_not_reserved(split, 2, vtd, 2, &p));
}

TEST_HARNESS_MAIN
