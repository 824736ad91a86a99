// SPDX-License-Identifier: GPL-2.0-only
/*
 * iova_ranges: the usable IOVA ranges of the IOVA_RANGE cap against the
 * group's reserved regions in sysfs (SPEC §3; A30, A34-A36, A54, A55).
 */
#include <inttypes.h>

#include "iova_ranges.h"
#include "live.h"
#include "ranges_vs_regions.h"

#define MAX_REGIONS 64

FIXTURE(iova_ranges) {
	int container, group;
	struct iova_space io;
	struct resv_region regions[MAX_REGIONS];
	size_t nregions;
	struct problem regions_problem;
};

FIXTURE_VARIANT(iova_ranges) {
	const struct backend *backend;
};
LIVE_BACKENDS(iova_ranges);

FIXTURE_SETUP(iova_ranges)
{
	self->container = self->group = -1;
	LIVE_OPEN_CONTAINER(self, variant->backend);
	live_iova_space_read(self->container, &self->io);
	resv_regions_read(IOMMU_GROUPS_SYSFS, live.duts[0].group, self->regions,
			  MAX_REGIONS, &self->nregions, &self->regions_problem);
}

FIXTURE_TEARDOWN(iova_ranges)
{
	LIVE_DUMP_IF_FAILED(self->container);
	live_close(&self->container, &self->group);
}

/* A30: page sizes exist and none is below the CPU's page. */
TEST_F(iova_ranges, pgsizes_are_at_least_the_cpu_page)
{
	EXPECT_NE(0, self->io.pgsizes);
	EXPECT_EQ(0, self->io.pgsizes & ((uint64_t)live.page - 1))
		TH_LOG("iova_pgsizes 0x%" PRIx64 " has sizes below the %ld-byte page",
		       self->io.pgsizes, live.page);
}

/* A34: at least one range; ascending, disjoint, with gaps between. */
TEST_F(iova_ranges, ranges_are_sorted_and_disjoint)
{
	struct problem p;

	EXPECT_LE(1, self->io.nr);
	EXPECT_EQ(IOVA_LIST_OK, iova_ranges_validate(self->io.r, self->io.nr, &p))
		TH_LOG("%s", p.text);
}

/* A54: every line in the kernel's format, start <= end, sorted by start. */
TEST_F(iova_ranges, reserved_regions_are_well_formed)
{
	ASSERT_EQ(SYSFS_OK, self->regions_problem.code) TH_LOG("%s", self->regions_problem.text);
	for (size_t i = 0; i < self->nregions; i++) {
		EXPECT_LE(self->regions[i].range.start, self->regions[i].range.end)
			TH_LOG("region %zu", i);
		if (i) {
			EXPECT_LE(self->regions[i - 1].range.start, self->regions[i].range.start)
				TH_LOG("region %zu out of order", i);
		}
	}
}

/* A55: the group's default domain type is one the kernel can print. */
TEST_F(iova_ranges, group_type_is_known)
{
	enum group_type type;
	struct problem p;

	EXPECT_EQ(SYSFS_OK, group_type_read(IOMMU_GROUPS_SYSFS, live.duts[0].group, &type, &p))
		TH_LOG("%s", p.text);
}

/* A35: no usable range touches a region the kernel keeps for itself. */
TEST_F(iova_ranges, ranges_avoid_reserved_regions)
{
	struct problem p;

	ASSERT_EQ(SYSFS_OK, self->regions_problem.code) TH_LOG("%s", self->regions_problem.text);
	EXPECT_EQ(0, ranges_overlapping_regions(self->io.r, self->io.nr, self->regions,
						self->nregions, &p)) TH_LOG("%s", p.text);
}

/* A36: every gap between ranges is there because a region reserves it. */
TEST_F(iova_ranges, gaps_are_reserved_regions)
{
	struct problem p;

	ASSERT_EQ(SYSFS_OK, self->regions_problem.code) TH_LOG("%s", self->regions_problem.text);
	EXPECT_EQ(0, gaps_not_reserved(self->io.r, self->io.nr, self->regions, self->nregions, &p))
		TH_LOG("%s", p.text);
}

LIVE_MAIN
