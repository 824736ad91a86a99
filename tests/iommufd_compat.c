// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd_compat: the rules of iommufd's compat container itself, where
 * they are not type1's (SPEC 8.3, 8.4; A78, A79) -- what a program written
 * for type1 meets there: GET_INFO before the device is opened, MAP before
 * the reserved regions exist, UNMAP that cuts, DMA_AVAIL that never moves.
 * The type1 programs run on compat too, with the documented differences of
 * fixtures/iommufd-compat.ini as expected failures.
 */
#include <inttypes.h>

#include "live.h"
#include "ranges_vs_regions.h"

#define MAX_REGIONS 64

FIXTURE(iommufd_compat) {
	int container, group, device;
	struct dma_buffer buf;
	struct resv_region regions[MAX_REGIONS];
	size_t nregions;
};

FIXTURE_VARIANT(iommufd_compat) {
	const struct backend *backend;
};
LIVE_COMPAT_BACKENDS(iommufd_compat);

FIXTURE_SETUP(iommufd_compat)
{
	struct problem p;

	self->container = self->group = self->device = -1;
	ASSERT_EQ(0, resv_regions_read(IOMMU_GROUPS_SYSFS, live.duts[0].group, self->regions,
				       MAX_REGIONS, &self->nregions, &p)) TH_LOG("%s", p.text);
	dma_buffer_alloc(&self->buf, live.page, 4);
	self->container = live_container_open(variant->backend);
	self->group = vfio_group_open(live.duts[0].group);
	vfio_group_set_container(self->group, self->container);
}

FIXTURE_TEARDOWN(iommufd_compat)
{
	LIVE_DUMP_IF_FAILED(self->container);
	if (self->device >= 0)
		close(self->device);
	live_close(&self->container, &self->group);
	dma_buffer_free(&self->buf);
}

static const struct resv_region *first_window(FIXTURE_DATA(iommufd_compat) *self)
{
	for (size_t i = 0; i < self->nregions; i++)
		if (self->regions[i].type != RESV_DIRECT_RELAXABLE)
			return &self->regions[i];
	return NULL;
}

/*
 * A79, A14, A30: with the group in and no device FD yet there is no
 * domain: GET_INFO works (SET_IOMMU not needed) and reports all of
 * [0, 2^64-1] in one range, iova_pgsizes PAGE_MASK, 72 bytes in all; MAP
 * is taken even in a reserved window, and opening the device then fails
 * EADDRINUSE until that mapping goes.
 */
TEST_F(iommufd_compat, before_the_device_fd_there_is_no_domain)
{
	const struct resv_region *w = first_window(self);
	struct iova_space io;
	struct vfio_info_buf info;
	struct problem p;

	ASSERT_EQ(0, __vfio_iommu_info_fetch(self->container, &info));
	EXPECT_EQ(72, info.len);
	vfio_info_buf_free(&info);
	ASSERT_EQ(0, __iova_space_read(self->container, &io, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(~(uint64_t)(live.page - 1), io.pgsizes);
	ASSERT_EQ(1, io.nr);
	EXPECT_EQ(0, io.r[0].start);
	EXPECT_EQ(UINT64_MAX, io.r[0].end);
	vfio_set_iommu(self->container, variant->backend->iommu_type);
	ASSERT_NE(NULL, w) TH_LOG("the group has no reserved region to map into");
	ASSERT_EQ(0, __vfio_map_dma(self->container, (uintptr_t)self->buf.p, w->range.start,
				    live.page, VFIO_RW))
		TH_LOG("MAP at the %s window 0x%" PRIx64 " before the device is opened",
		       resv_type_name(w->type), w->range.start);
	EXPECT_ERRNO(EADDRINUSE, __vfio_group_get_device_fd(self->group, live.duts[0].bdf))
		TH_LOG("opening the device with a mapping in its reserved region");
	EXPECT_EQ(live.page, vfio_unmap_dma(self->container, w->range.start, live.page));
	self->device = vfio_group_get_device_fd(self->group, live.duts[0].bdf);
}

/*
 * A79, A34-A37: once the device FD is open its reserved regions are in
 * place: the ranges are type1's for the group and MAP into a window is
 * EINVAL. UNSET_CONTAINER with the device open still succeeds (type1:
 * EBUSY), and GET_INFO keeps working after it.
 */
TEST_F(iommufd_compat, after_the_device_fd_the_regions_hold)
{
	const struct resv_region *w = first_window(self);
	struct iova_space io;
	struct problem p;
	uint8_t buf[64] = { 0 };

	vfio_set_iommu(self->container, variant->backend->iommu_type);
	self->device = vfio_group_get_device_fd(self->group, live.duts[0].bdf);
	ASSERT_EQ(0, __iova_space_read(self->container, &io, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(0, ranges_overlapping_regions(io.r, io.nr, self->regions, self->nregions, &p))
		TH_LOG("%s", p.text);
	EXPECT_EQ(0, gaps_not_reserved(io.r, io.nr, self->regions, self->nregions, &p))
		TH_LOG("%s", p.text);
	ASSERT_NE(NULL, w);
	EXPECT_ERRNO(EINVAL, __vfio_map_dma(self->container, (uintptr_t)self->buf.p, w->range.start,
					    live.page, VFIO_RW));
	EXPECT_EQ(0, __vfio_group_unset_container(self->group))
		TH_LOG("UNSET_CONTAINER with the device FD open");
	store_u32(buf, 0, sizeof(buf));
	EXPECT_EQ(0, __vfio_iommu_get_info(self->container, buf)) TH_LOG("GET_INFO after UNSET");
}

/* A free granule-aligned IOVA with room for count pages, after device open. */
static uint64_t usable(struct __test_metadata *_metadata, FIXTURE_DATA(iommufd_compat) *self,
		       const struct backend *b, unsigned int count)
{
	struct iova_space io;
	struct problem p;
	uint64_t base = 0;

	vfio_set_iommu(self->container, b->iommu_type);
	self->device = vfio_group_get_device_fd(self->group, live.duts[0].bdf);
	EXPECT_EQ(0, __iova_space_read(self->container, &io, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(0, iova_ranges_first_fit(io.r, io.nr, live.page, count, &base));
	return base;
}

/*
 * A44, A46: an UNMAP whose range cuts a mapping is ENOENT on v2, with the
 * mappings before the cut already gone and size saying so; the v1
 * emulation cuts first, so exactly the requested bytes go.
 */
TEST_F(iommufd_compat, unmap_that_cuts)
{
	const uint64_t pg = live.page;
	uint64_t base = usable(_metadata, self, variant->backend, 4), size = 0;
	bool v1 = variant->backend->iommu_type == VFIO_TYPE1_IOMMU;

	vfio_map_dma(self->container, (uintptr_t)self->buf.p, base, pg);
	vfio_map_dma(self->container, (uintptr_t)self->buf.p + pg, base + pg, 2 * pg);
	EXPECT_EQ(v1 ? 0 : -ENOENT, __vfio_unmap_dma(self->container, base, 2 * pg, 0, &size));
	EXPECT_EQ(v1 ? 2 * pg : pg, size) TH_LOG("size written back");
	/* the first mapping is gone either way */
	EXPECT_EQ(0, __vfio_map_dma(self->container, (uintptr_t)self->buf.p, base, pg, VFIO_RW));
}

/*
 * A49: before a device is attached, flags 0 is a mapping (an
 * IOMMU_CACHE-only one; with a domain, 7.2 refuses it EINVAL after a
 * kernel warning, which the lane names). A32, A52, A48, once attached:
 * DMA_AVAIL is U32_MAX and stays so; a wrapping MAP is EOVERFLOW; a
 * misaligned UNMAP of nothing is 0 with size 0.
 */
TEST_F(iommufd_compat, map_and_unmap_as_compat_has_them)
{
	const uint64_t pg = live.page;
	uint64_t base, size = 1;
	struct problem p;
	uint32_t avail = 0;

	EXPECT_EQ(0, __vfio_map_dma(self->container, (uintptr_t)self->buf.p, 0, pg, 0))
		TH_LOG("MAP with flags 0 before the device is opened");
	EXPECT_EQ(pg, vfio_unmap_dma(self->container, 0, pg));
	base = usable(_metadata, self, variant->backend, 4);
	ASSERT_EQ(0, __iommu_dma_avail(self->container, &avail, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(0xffffffffu, avail);
	vfio_map_dma(self->container, (uintptr_t)self->buf.p, base, pg);
	ASSERT_EQ(0, __iommu_dma_avail(self->container, &avail, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(0xffffffffu, avail) TH_LOG("DMA_AVAIL after a MAP");
	EXPECT_ERRNO(EOVERFLOW, __vfio_map_dma(self->container, (uintptr_t)self->buf.p,
					       UINT64_MAX - pg + 1, 2 * pg, VFIO_RW));
	EXPECT_EQ(0, __vfio_unmap_dma(self->container, base + 2 * pg + 1, pg, 0, &size));
	EXPECT_EQ(0, size);
}

/*
 * A16, A13, A23: SET_IOMMU of a non-type1 value is EINVAL and a repeated
 * one is 0; UPDATE_VADDR is never offered; argsz comes back as the need
 * even when the caller gave more.
 */
TEST_F(iommufd_compat, container_answers_as_compat_has_them)
{
	uint8_t buf[256];
	uint32_t need;
	struct vfio_info_buf info;

	EXPECT_ERRNO(EINVAL, __vfio_set_iommu(self->container, 99));
	vfio_set_iommu(self->container, variant->backend->iommu_type);
	EXPECT_EQ(0, __vfio_set_iommu(self->container, variant->backend->iommu_type));
	EXPECT_EQ(0, __vfio_check_extension(self->container, VFIO_UPDATE_VADDR));
	ASSERT_EQ(0, __vfio_iommu_info_fetch(self->container, &info));
	need = info.len;
	vfio_info_buf_free(&info);
	ASSERT_GT(sizeof(buf), need);
	memset(buf, 0, sizeof(buf));
	store_u32(buf, 0, sizeof(buf));
	ASSERT_EQ(0, __vfio_iommu_get_info(self->container, buf));
	EXPECT_EQ(need, load_u32(buf, 0));
}

LIVE_MAIN
