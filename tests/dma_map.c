// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma_map: MAP_DMA and UNMAP_DMA argument rules, their precedence, and the
 * two backends' unmap semantics (SPEC §3; A44-A52, A59).
 */
#include <inttypes.h>
#include <sys/ioctl.h>

#include "live.h"

#define SPAN 8			/* granules of IOVA space the tests use */

FIXTURE(dma_map) {
	int container, group;
	uint64_t granule, base;	/* base: SPAN free granules inside one range */
	struct dma_buffer mem;	/* SPAN granules of memory */
	uint8_t *buf;		/* mem.p */
};

FIXTURE_VARIANT(dma_map) {
	const struct backend *backend;
};
LIVE_BACKENDS(dma_map);

FIXTURE_SETUP(dma_map)
{
	struct iova_space io;

	self->container = self->group = -1;
	LIVE_OPEN_CONTAINER(self, variant->backend);
	live_iova_space_read(self->container, &io);
	self->granule = io.granule;
	self->base = iova_space_first_fit(&io, SPAN);
	dma_buffer_alloc(&self->mem, self->granule, SPAN);
	self->buf = self->mem.p;
}

FIXTURE_TEARDOWN(dma_map)
{
	LIVE_DUMP_IF_FAILED(self->container);
	live_close(&self->container, &self->group);
	dma_buffer_free(&self->mem);
}

static uint64_t g(FIXTURE_DATA(dma_map) *self, uint64_t n)
{
	return n * self->granule;
}

static int map(FIXTURE_DATA(dma_map) *self, uint64_t at, uint64_t granules)
{
	return __vfio_map_dma(self->container, (uintptr_t)self->buf,
			      self->base + g(self, at), g(self, granules), VFIO_RW);
}

static int unmap(FIXTURE_DATA(dma_map) *self, uint64_t at, uint64_t granules,
		 uint64_t *size)
{
	return __vfio_unmap_dma(self->container, self->base + g(self, at),
				g(self, granules), 0, size);
}

/* A raw MAP with every field under the test's control. */
static int map_raw(int container, uint32_t argsz, uint32_t flags, uint64_t vaddr,
		   uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = argsz, .flags = flags, .vaddr = vaddr, .iova = iova, .size = size,
	};

	return ioctl(container, VFIO_IOMMU_MAP_DMA, &m) < 0 ? -errno : 0;
}

/* A49: malformed MAP requests, one field wrong at a time. */
TEST_F(dma_map, malformed_map_is_einval)
{
	uint64_t va = (uintptr_t)self->buf, half = self->granule / 2;
	int c = self->container;

	EXPECT_ERRNO(EINVAL, map_raw(c, 31, VFIO_RW, va, self->base, g(self, 1)));
	EXPECT_ERRNO(EINVAL, map_raw(c, 32, VFIO_RW | (1u << 3), va, self->base, g(self, 1)))
		TH_LOG("bit 3: no such MAP flag (the 2016 MSI-reserve proposal was never merged)");
	EXPECT_ERRNO(EINVAL, map_raw(c, 32, 0, va, self->base, g(self, 1)));
	EXPECT_ERRNO(EINVAL, map_raw(c, 32, VFIO_DMA_MAP_FLAG_VADDR | VFIO_DMA_MAP_FLAG_READ,
				     va, self->base, g(self, 1)));
	EXPECT_ERRNO(EINVAL, map_raw(c, 32, VFIO_RW, va, self->base, 0));
	EXPECT_ERRNO(EINVAL, map_raw(c, 32, VFIO_RW, va, self->base + half, g(self, 1)));
	EXPECT_ERRNO(EINVAL, map_raw(c, 32, VFIO_RW, va + half, self->base, g(self, 1)));
	EXPECT_ERRNO(EINVAL, map_raw(c, 32, VFIO_RW, va, self->base, g(self, 1) + half));
}

/*
 * A50: VADDR updates need an existing, invalidated mapping. A65: before
 * 5.12 VADDR is an unknown flag of MAP and of UNMAP (EINVAL).
 */
TEST_F(dma_map, vaddr_update_rules)
{
	int vaddr = live_kernel_has(self->container, "unmap_all_and_vaddr");
	uint64_t va = (uintptr_t)self->buf;

	ASSERT_LE(0, vaddr);
	EXPECT_ERRNO(vaddr ? ENOENT : EINVAL,
		     map_raw(self->container, 32, VFIO_DMA_MAP_FLAG_VADDR, va,
			     self->base, g(self, 1)));
	ASSERT_EQ(0, map(self, 0, 1));
	EXPECT_ERRNO(EINVAL, map_raw(self->container, 32, VFIO_DMA_MAP_FLAG_VADDR, va,
				     self->base, g(self, 1)));
	if (!vaddr) {
		uint64_t size = 0;

		EXPECT_ERRNO(EINVAL, __vfio_unmap_dma(self->container, self->base, g(self, 1),
						      VFIO_DMA_UNMAP_FLAG_VADDR, NULL));
		EXPECT_EQ(0, unmap(self, 0, 1, &size));
		EXPECT_EQ(g(self, 1), size) TH_LOG("the refused UNMAP|VADDR changed the mapping");
	}
}

/* A51: an overlap is EEXIST, whether it covers the start or the end. */
TEST_F(dma_map, overlapping_map_is_eexist)
{
	ASSERT_EQ(0, map(self, 2, 2));
	EXPECT_ERRNO(EEXIST, map(self, 2, 2));
	EXPECT_ERRNO(EEXIST, map(self, 1, 2));
	EXPECT_ERRNO(EEXIST, map(self, 3, 2));
	EXPECT_ERRNO(EEXIST, map(self, 0, 8));
}

/* A52: iova + size wrapping 2^64 is EINVAL (EOVERFLOW from 6.18). */
TEST_F(dma_map, wrapping_map_is_refused)
{
	int eoverflow = live_kernel_has(self->container, "map_wrap_is_eoverflow");
	uint64_t last = UINT64_MAX - self->granule + 1;

	ASSERT_LE(0, eoverflow);
	EXPECT_ERRNO(eoverflow ? EOVERFLOW : EINVAL,
		     __vfio_map_dma(self->container, (uintptr_t)self->buf, last,
				    g(self, 2), VFIO_RW));
}

/* A48: malformed UNMAP requests. */
TEST_F(dma_map, malformed_unmap_is_einval)
{
	struct vfio_iommu_type1_dma_unmap u = {
		.argsz = 23, .iova = self->base, .size = g(self, 1),
	};

	EXPECT_ERRNO(EINVAL, ioctl(self->container, VFIO_IOMMU_UNMAP_DMA, &u) < 0 ? -errno : 0);
	EXPECT_ERRNO(EINVAL, __vfio_unmap_dma(self->container, self->base, g(self, 1), 1u << 3, NULL));
	EXPECT_ERRNO(EINVAL, __vfio_unmap_dma(self->container, self->base + self->granule / 2,
					      g(self, 1), 0, NULL));
	EXPECT_ERRNO(EINVAL, __vfio_unmap_dma(self->container, self->base, 0, 0, NULL));
}

/*
 * A47: UNMAP_ALL takes everything and says how much; no iova, no size.
 * A65: before 5.12 ALL is an unknown flag: EINVAL, size not written, and
 * every mapping still there.
 */
TEST_F(dma_map, unmap_all_takes_every_mapping)
{
	int unmap_all = live_kernel_has(self->container, "unmap_all_and_vaddr");
	uint64_t size = 0;

	ASSERT_LE(0, unmap_all);
	ASSERT_EQ(0, map(self, 0, 2));
	ASSERT_EQ(0, map(self, 4, 1));
	EXPECT_ERRNO(EINVAL, __vfio_unmap_dma(self->container, g(self, 1), 0,
					      VFIO_DMA_UNMAP_FLAG_ALL, NULL));
	EXPECT_ERRNO(EINVAL, __vfio_unmap_dma(self->container, 0, g(self, 1),
					      VFIO_DMA_UNMAP_FLAG_ALL, NULL));
	EXPECT_ERRNO(EINVAL, __vfio_unmap_dma(self->container, 0, 0,
					      VFIO_DMA_UNMAP_FLAG_ALL |
					      VFIO_DMA_UNMAP_FLAG_GET_DIRTY_BITMAP, NULL));
	if (!unmap_all) {
		EXPECT_ERRNO(EINVAL, __vfio_unmap_dma(self->container, 0, 0,
						      VFIO_DMA_UNMAP_FLAG_ALL, &size));
		EXPECT_EQ(0, size) TH_LOG("size written back by a refused UNMAP");
		EXPECT_EQ(0, unmap(self, 0, 2, &size));
		EXPECT_EQ(g(self, 2), size) TH_LOG("the first mapping was not left whole");
		EXPECT_EQ(0, unmap(self, 4, 1, &size));
		EXPECT_EQ(g(self, 1), size) TH_LOG("the second mapping was not left whole");
		return;
	}
	EXPECT_EQ(0, __vfio_unmap_dma(self->container, 0, 0, VFIO_DMA_UNMAP_FLAG_ALL, &size));
	EXPECT_EQ(g(self, 3), size);
	EXPECT_EQ(0, map(self, 0, 2)) TH_LOG("the space must be free again");
}

/*
 * A44 (type1v2): UNMAP that starts or ends inside a mapping is EINVAL, does
 * not write size back, and leaves the mapping whole. A45: one UNMAP over
 * two mappings and the space between returns their sum.
 * A46 (type1v1): UNMAP of a mapping's first granule removes all of it;
 * one starting inside removes nothing.
 */
TEST_F(dma_map, partial_unmap_follows_the_backend)
{
	uint64_t size;

	ASSERT_EQ(0, map(self, 0, 4));
	if (variant->backend->iommu_type == VFIO_TYPE1_IOMMU) {
		EXPECT_EQ(0, unmap(self, 1, 1, &size));
		EXPECT_EQ(0, size) TH_LOG("v1: from inside a mapping nothing goes");
		EXPECT_EQ(0, unmap(self, 0, 1, &size));
		EXPECT_EQ(g(self, 4), size) TH_LOG("v1: the whole mapping goes");
		return;
	}
	EXPECT_ERRNO(EINVAL, unmap(self, 1, 1, &size));
	EXPECT_EQ(g(self, 1), size) TH_LOG("size written back on failure");
	EXPECT_ERRNO(EINVAL, unmap(self, 0, 2, &size));
	EXPECT_EQ(0, unmap(self, 0, 4, &size));
	EXPECT_EQ(g(self, 4), size) TH_LOG("the mapping was not left whole");

	ASSERT_EQ(0, map(self, 0, 2));
	ASSERT_EQ(0, map(self, 5, 1));
	EXPECT_EQ(0, unmap(self, 0, 8, &size));
	EXPECT_EQ(g(self, 3), size);
}

/*
 * A59: dirty tracking needs type1v2 (v1: EACCES); an UNMAP asking for the
 * dirty bitmap while tracking is off is EINVAL. A63: before the migration
 * series (5.8) there is no DIRTY_PAGES ioctl at all (ENOTTY on both).
 */
TEST_F(dma_map, dirty_tracking_rules)
{
	struct vfio_iommu_type1_dirty_bitmap d = {
		.argsz = sizeof(d), .flags = VFIO_IOMMU_DIRTY_PAGES_FLAG_START,
	};
	int tracking = live_kernel_has(self->container, "migration_cap");
	int ret;

	ASSERT_LE(0, tracking);
	if (variant->backend->iommu_type == VFIO_TYPE1_IOMMU || !tracking) {
		ret = ioctl(self->container, VFIO_IOMMU_DIRTY_PAGES, &d) < 0 ? -errno : 0;
		EXPECT_ERRNO(tracking ? EACCES : ENOTTY, ret);
		if (tracking)
			return;
	}
	ASSERT_EQ(0, map(self, 0, 1));
	EXPECT_ERRNO(EINVAL, __vfio_unmap_dma(self->container, self->base, g(self, 1),
					      VFIO_DMA_UNMAP_FLAG_GET_DIRTY_BITMAP, NULL));
}

LIVE_MAIN
