// SPDX-License-Identifier: GPL-2.0-only
/*
 * platform: what this platform's fixture (fixtures/platforms/) says its
 * IOMMU reports -- page sizes, and the windows it reserves, MSI first
 * (SPEC §3, §4; A30, A38, A39).
 */
#include <inttypes.h>

#include "cap_readers.h"
#include "live.h"

#define HEADER 24

FIXTURE(platform) {
	int container, group;
	uint64_t pgsizes;
	struct iova_range ranges[64];
	uint32_t nr;
};

FIXTURE_VARIANT(platform) {
	unsigned long iommu_type;
};
LIVE_BACKENDS(platform);

FIXTURE_SETUP(platform)
{
	struct vfio_info_buf info;
	struct cap_chain chain;
	const struct cap_entry *cap;
	struct problem p;

	self->container = self->group = -1;
	if (!live.platform_known)
		SKIP(return, "%s", live.platform_missing);
	LIVE_OPEN_CONTAINER(self, variant->iommu_type);
	vfio_iommu_info_fetch(self->container, &info);
	self->pgsizes = vfio_iommu_info_pgsizes(&info);
	ASSERT_EQ(CHAIN_OK, cap_chain_walk(info.buf, info.len, HEADER, HEADER,
					   CAP_NS_IOMMU_INFO, &chain));
	cap = cap_chain_find(&chain, VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE);
	ASSERT_NOT_NULL(cap);
	ASSERT_EQ(0, cap_read_iova_ranges(info.buf, cap, self->ranges, 64, &self->nr, &p))
		TH_LOG("%s", p.text);
	vfio_info_buf_free(&info);
}

FIXTURE_TEARDOWN(platform)
{
	if (_metadata->exit_code)
		live_dump_context(self->container);
	live_close(&self->container, &self->group);
}

/* A30 for this platform: the sizes it must offer, and none it cannot. */
TEST_F(platform, pgsizes_are_the_platforms)
{
	EXPECT_EQ(live.platform.pgsizes_must, self->pgsizes & live.platform.pgsizes_must)
		TH_LOG("iova_pgsizes 0x%" PRIx64 " lacks 0x%" PRIx64 " (%s)", self->pgsizes,
		       live.platform.pgsizes_must & ~self->pgsizes, live.platform.origin);
	EXPECT_EQ(0, self->pgsizes & ~live.platform.pgsizes_may)
		TH_LOG("iova_pgsizes 0x%" PRIx64 " has 0x%" PRIx64 " beyond 0x%" PRIx64 " (%s)",
		       self->pgsizes, self->pgsizes & ~live.platform.pgsizes_may,
		       live.platform.pgsizes_may, live.platform.origin);
}

/*
 * A38, A39: each window of the fixture is a region of the group's
 * reserved_regions, of its type, and lies in no usable range.
 */
TEST_F(platform, windows_are_reserved_and_unusable)
{
	struct resv_region r[64];
	size_t n;
	struct problem p;

	ASSERT_EQ(SYSFS_OK, resv_regions_read(IOMMU_GROUPS_SYSFS, live.duts[0].group, r, 64, &n, &p))
		TH_LOG("%s", p.text);
	for (size_t w = 0; w < live.platform.window_count; w++) {
		const struct platform_window *win = &live.platform.windows[w];
		bool listed = false;

		for (size_t i = 0; i < n; i++)
			listed |= r[i].range.start == win->range.start &&
				  r[i].range.end == win->range.end &&
				  !strcmp(resv_type_name(r[i].type), win->type);
		EXPECT_TRUE(listed)
			TH_LOG("window %s: no '0x%016" PRIx64 " 0x%016" PRIx64 " %s' in reserved_regions",
			       win->name, win->range.start, win->range.end, win->type);
		for (uint32_t j = 0; j < self->nr; j++) {
			EXPECT_FALSE(iova_range_overlaps(win->range, self->ranges[j]))
				TH_LOG("window %s [0x%" PRIx64 "-0x%" PRIx64 "] is inside range [0x%" PRIx64 "-0x%" PRIx64 "]",
				       win->name, win->range.start, win->range.end,
				       self->ranges[j].start, self->ranges[j].end);
		}
	}
}

LIVE_MAIN
