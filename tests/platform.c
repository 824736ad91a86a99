// SPDX-License-Identifier: GPL-2.0-only
/*
 * platform: what this platform's fixture (fixtures/platforms/) says its
 * IOMMU reports -- page sizes, and the windows it reserves, MSI first
 * (SPEC §3, §4; A30, A38, A39), and where its IOVA space ends (A73).
 */
#include <inttypes.h>

#include "iommu_width.h"
#include "live.h"

FIXTURE(platform) {
	int container, group;
	struct iova_space io;
};

FIXTURE_VARIANT(platform) {
	const struct backend *backend;
};
LIVE_BACKENDS(platform);

FIXTURE_SETUP(platform)
{
	self->container = self->group = -1;
	if (!live.platform_known)
	{
		fprintf(stderr, "# %s\n", live.platform_missing);
		SKIP(return, "no platform fixture describes this machine");
	}
	LIVE_OPEN_CONTAINER(self, variant->backend);
	live_iova_space_read(self->container, &self->io);
}

FIXTURE_TEARDOWN(platform)
{
	LIVE_DUMP_IF_FAILED(self->container);
	live_close(&self->container, &self->group);
}

/*
 * A30 for this platform: the sizes it must offer, and none it cannot; a
 * kernel without the change the fixture names offers its older set (A76).
 */
TEST_F(platform, pgsizes_are_the_platforms)
{
	uint64_t must = live.platform.pgsizes_must, may = live.platform.pgsizes_may;
	const char *change = live.platform.pgsizes_change;

	if (change[0]) {
		int has = live_kernel_has(self->container, change);

		ASSERT_LE(0, has);
		if (!has) {
			must = live.platform.pgsizes_must_before;
			may = live.platform.pgsizes_may_before;
		}
	}
	EXPECT_EQ(must, self->io.pgsizes & must)
		TH_LOG("iova_pgsizes 0x%" PRIx64 " lacks 0x%" PRIx64 " (%s)", self->io.pgsizes,
		       must & ~self->io.pgsizes, live.platform.origin);
	EXPECT_EQ(0, self->io.pgsizes & ~may)
		TH_LOG("iova_pgsizes 0x%" PRIx64 " has 0x%" PRIx64 " beyond 0x%" PRIx64 " (%s)",
		       self->io.pgsizes, self->io.pgsizes & ~may, may, live.platform.origin);
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
		for (uint32_t j = 0; j < self->io.nr; j++) {
			EXPECT_FALSE(iova_range_overlaps(win->range, self->io.r[j]))
				TH_LOG("window %s [0x%" PRIx64 "-0x%" PRIx64 "] is inside range [0x%" PRIx64 "-0x%" PRIx64 "]",
				       win->name, win->range.start, win->range.end,
				       self->io.r[j].start, self->io.r[j].end);
		}
	}
}

/* 2^bits - 1, for bits up to 64 */
static uint64_t all_ones(unsigned int bits)
{
	return bits >= 64 ? UINT64_MAX : (1ull << bits) - 1;
}

/*
 * A73: the last usable range ends at the IOMMU's aperture, as the fixture
 * says: 2^W-1 with W the width sysfs reports (2^(W-1)-1 for a first-stage
 * domain), or a power of two less one, or the value --record saw; and no
 * reserved region lies above it. When a reserved region ends the range, it
 * is the region that decides, not the aperture.
 */
TEST_F(platform, last_range_ends_at_the_aperture)
{
	uint64_t end = self->io.r[self->io.nr - 1].end;
	struct resv_region r[64];
	struct problem p;
	unsigned int bits;
	size_t n;

	if (live.platform.aperture == APERTURE_UNCHECKED)
		SKIP(return, "the platform fixture has no [aperture]: its aperture comes from the device (%s)",
		     live.platform.origin);
	ASSERT_EQ(SYSFS_OK, resv_regions_read(IOMMU_GROUPS_SYSFS, live.duts[0].group, r, 64, &n, &p))
		TH_LOG("%s", p.text);
	for (size_t i = 0; i < n; i++) {
		EXPECT_LE(r[i].range.start, end)
			TH_LOG("reserved region 0x%" PRIx64 "-0x%" PRIx64 " lies above the last range's end 0x%" PRIx64,
			       r[i].range.start, r[i].range.end, end);
		if (end != UINT64_MAX && r[i].range.start == end + 1)
			SKIP(return, "a reserved region (0x%" PRIx64 "-0x%" PRIx64 ") ends the last range, not the aperture",
			     r[i].range.start, r[i].range.end);
	}
	switch (live.platform.aperture) {
	case APERTURE_WIDTH:
		ASSERT_EQ(IOMMU_WIDTH_OK, iommu_width_read(IOMMU_CLASS_SYSFS, live.duts[0].iommu, &bits, &p))
			TH_LOG("%s", p.text);
		EXPECT_TRUE(end == all_ones(bits) || end == all_ones(bits - 1))
			TH_LOG("the last range ends at 0x%" PRIx64 "; %s reports %u address bits: 0x%" PRIx64
			       " (second stage) or 0x%" PRIx64 " (first stage) expected (%s)",
			       end, live.duts[0].iommu, bits, all_ones(bits), all_ones(bits - 1),
			       live.platform.origin);
		break;
	case APERTURE_POWER_OF_TWO:
		EXPECT_EQ(0, end & (end + 1))
			TH_LOG("the last range ends at 0x%" PRIx64 ": not one below a power of two (%s)",
			       end, live.platform.origin);
		break;
	default:
		EXPECT_EQ(live.platform.aperture_end, end)
			TH_LOG("the last range ends at 0x%" PRIx64 ", the fixture says 0x%" PRIx64 " (%s)",
			       end, live.platform.aperture_end, live.platform.origin);
		break;
	}
}

LIVE_MAIN
