// SPDX-License-Identifier: GPL-2.0-only
/*
 * overflow: requests whose range wraps 2^64 -- EOVERFLOW for MAP, UNMAP
 * and DIRTY_PAGES from 6012379ede6a (6.18), with its order of checks, and
 * EINVAL before it -- and the top granule below 2^64 where a range ends
 * there (1196f1f897d4, same series) (SPEC §9; A69-A72).
 */
#include <inttypes.h>
#include <sys/ioctl.h>

#include "live.h"

FIXTURE(overflow) {
	int container, group;
	struct iova_space io;
	uint64_t g, top, base;	/* granule; 2^64 - g; a free granule in a range */
	struct dma_buffer mem;	/* 2 granules */
	int eoverflow;		/* the kernel has map_wrap_is_eoverflow */
};

FIXTURE_VARIANT(overflow) {
	const struct backend *backend;
};
LIVE_BACKENDS(overflow);

FIXTURE_SETUP(overflow)
{
	self->container = self->group = -1;
	LIVE_OPEN_CONTAINER(self, variant->backend);
	live_iova_space_read(self->container, &self->io);
	self->g = self->io.granule;
	self->top = -self->g;
	self->base = iova_space_first_fit(&self->io, 2);
	dma_buffer_alloc(&self->mem, self->g, 2);
	self->eoverflow = live_kernel_has(self->container, "map_wrap_is_eoverflow");
	ASSERT_LE(0, self->eoverflow);
}

FIXTURE_TEARDOWN(overflow)
{
	LIVE_DUMP_IF_FAILED(self->container);
	live_close(&self->container, &self->group);
	dma_buffer_free(&self->mem);
}

static int map_raw(int container, uint32_t argsz, uint32_t flags, uint64_t vaddr,
		   uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = argsz, .flags = flags, .vaddr = vaddr, .iova = iova, .size = size,
	};

	return ioctl(container, VFIO_IOMMU_MAP_DMA, &m) < 0 ? -errno : 0;
}

/* The wrap errno: EOVERFLOW on a kernel with the change, else EINVAL. */
static int wrap_errno(FIXTURE_DATA(overflow) *self)
{
	return self->eoverflow ? EOVERFLOW : EINVAL;
}

/*
 * A69: every MAP whose iova or vaddr range wraps is EOVERFLOW -- whatever
 * its flags and alignment, since the wrap is checked first -- while the
 * wrapper's own checks (argsz, unknown flag) and size 0 stay EINVAL, as
 * does a misaligned request that does not wrap. Nothing is mapped.
 */
TEST_F(overflow, wrapping_map_matrix)
{
	const uint32_t rw = VFIO_RW, vaddr = VFIO_DMA_MAP_FLAG_VADDR;
	uint64_t va = (uintptr_t)self->mem.p, g = self->g, t = self->top;
	uint32_t avail = iommu_dma_avail(self->container);
	int c = self->container, w = wrap_errno(self);

	EXPECT_ERRNO(w, map_raw(c, 32, rw, va, t, 2 * g)) TH_LOG("iova 2^64-g, size 2g");
	EXPECT_ERRNO(w, map_raw(c, 32, 0, va, t, 2 * g)) TH_LOG("flags 0");
	EXPECT_ERRNO(w, map_raw(c, 32, vaddr, va, t, 2 * g)) TH_LOG("flags VADDR");
	EXPECT_ERRNO(w, map_raw(c, 32, vaddr | VFIO_DMA_MAP_FLAG_READ, va, t, 2 * g))
		TH_LOG("flags VADDR|READ");
	EXPECT_ERRNO(w, map_raw(c, 32, rw, va, t, 2 * g + g / 2)) TH_LOG("size 2g + g/2");
	EXPECT_ERRNO(w, map_raw(c, 32, rw, va, -(g / 2), 2 * g)) TH_LOG("iova 2^64-g/2");
	EXPECT_ERRNO(w, map_raw(c, 32, rw, t, self->base, 2 * g)) TH_LOG("vaddr 2^64-g");

	EXPECT_ERRNO(EINVAL, map_raw(c, 31, rw, va, t, 2 * g)) TH_LOG("argsz 31 first");
	EXPECT_ERRNO(EINVAL, map_raw(c, 32, rw | (1u << 3), va, t, 2 * g)) TH_LOG("flag bit 3 first");
	EXPECT_ERRNO(EINVAL, map_raw(c, 32, rw, va, t, 0)) TH_LOG("size 0 before the wrap");
	EXPECT_ERRNO(EINVAL, map_raw(c, 32, rw, va, self->base + g / 2, g)) TH_LOG("misaligned, no wrap");
	EXPECT_EQ(avail, iommu_dma_avail(self->container)) TH_LOG("a refused MAP took an entry");
}

/*
 * A70: UNMAP of a wrapping range is EOVERFLOW and writes no size back;
 * misalignment of iova or size is found first (EINVAL), and so are ALL
 * with an iova and ALL with GET_DIRTY_BITMAP.
 */
TEST_F(overflow, wrapping_unmap_matrix)
{
	uint64_t g = self->g, t = self->top, size;
	int c = self->container;

	EXPECT_ERRNO(wrap_errno(self), __vfio_unmap_dma(c, t, 2 * g, 0, &size));
	EXPECT_EQ(2 * g, size) TH_LOG("a refused UNMAP wrote size 0x%" PRIx64 " back", size);
	EXPECT_ERRNO(EINVAL, __vfio_unmap_dma(c, t + g / 2, 2 * g, 0, NULL)) TH_LOG("misaligned iova");
	EXPECT_ERRNO(EINVAL, __vfio_unmap_dma(c, t, 2 * g + g / 2, 0, NULL)) TH_LOG("misaligned size");
	EXPECT_ERRNO(EINVAL, __vfio_unmap_dma(c, t, 0, VFIO_DMA_UNMAP_FLAG_ALL, NULL))
		TH_LOG("ALL with an iova");
	EXPECT_ERRNO(EINVAL, __vfio_unmap_dma(c, 0, 0, VFIO_DMA_UNMAP_FLAG_ALL |
					      VFIO_DMA_UNMAP_FLAG_GET_DIRTY_BITMAP, NULL))
		TH_LOG("ALL with GET_DIRTY_BITMAP");
}

/*
 * DIRTY_PAGES GET_BITMAP of [iova, iova + size) into one u64 of bitmap,
 * laid out as the kernel reads it: vfio_bitmap's data pointer is 8 bytes
 * there, 4 in a 32-bit build's header (fixtures/abi-deviations.ini).
 */
static int dirty_get(int container, uint32_t argsz, uint32_t flags, uint64_t iova,
		     uint64_t size, uint64_t pgsize)
{
	static uint64_t bits;
	uint8_t req[48] = { 0 };

	store_u32(req, 0, argsz);
	store_u32(req, 4, flags);
	store_u64(req, 8, iova);
	store_u64(req, 16, size);
	store_u64(req, 24, pgsize);
	store_u64(req, 32, sizeof(bits));
	store_u64(req, 40, (uintptr_t)&bits);
	return ioctl(container, VFIO_IOMMU_DIRTY_PAGES, req) < 0 ? -errno : 0;
}

/*
 * A71: DIRTY_PAGES GET_BITMAP of a wrapping range is EOVERFLOW (type1v2,
 * tracking off); size 0 and the wrapper's own checks are EINVAL; a range
 * that ends at 2^64-1 without wrapping is EINVAL (tracking is off). On
 * type1v1 every request is EACCES, before anything else.
 */
TEST_F(overflow, wrapping_dirty_bitmap_matrix)
{
	const uint32_t get = VFIO_IOMMU_DIRTY_PAGES_FLAG_GET_BITMAP;
	uint64_t g = self->g, t = self->top;
	int tracking = live_kernel_has(self->container, "migration_cap");
	int c = self->container;

	ASSERT_LE(0, tracking);
	if (!tracking)
		SKIP(return, "no dirty tracking: kernel below 5.8 (ad721705d09c)");
	if (variant->backend->iommu_type == VFIO_TYPE1_IOMMU) {
		EXPECT_ERRNO(EACCES, dirty_get(c, 48, get, t, 2 * g, g));
		EXPECT_ERRNO(EACCES, dirty_get(c, 7, get, t, 2 * g, g)) TH_LOG("v1 refuses first");
		return;
	}
	EXPECT_ERRNO(wrap_errno(self), dirty_get(c, 48, get, t, 2 * g, g));
	EXPECT_ERRNO(EINVAL, dirty_get(c, 48, get, t, 0, g)) TH_LOG("size 0");
	EXPECT_ERRNO(EINVAL, dirty_get(c, 7, get, t, 2 * g, g)) TH_LOG("argsz 7");
	EXPECT_ERRNO(EINVAL, dirty_get(c, 48, 1u << 3, t, 2 * g, g)) TH_LOG("unknown flag");
	EXPECT_ERRNO(EINVAL, dirty_get(c, 48, get | VFIO_IOMMU_DIRTY_PAGES_FLAG_START, t, 2 * g, g))
		TH_LOG("two flags");
	EXPECT_ERRNO(EINVAL, dirty_get(c, 48, get, t, g, g)) TH_LOG("ends at 2^64-1, tracking off");
}

/*
 * A72: where a usable range ends at 2^64-1, its last granule maps like any
 * other (1196f1f897d4): once, not over itself, found by UNMAP and by
 * UNMAP_ALL, its entry given back. Before that change such a mapping could
 * be made but never unmapped, so it is not tried there.
 */
TEST_F(overflow, top_granule_maps_and_unmaps)
{
	int found = live_kernel_has(self->container, "top_granule_mappable");
	uint64_t va = (uintptr_t)self->mem.p, g = self->g, t = self->top, size = 0;
	uint32_t avail;

	ASSERT_LE(0, found);
	if (!self->io.nr || self->io.r[self->io.nr - 1].end != UINT64_MAX) {
		fprintf(stderr, "# the last usable range ends at 0x%" PRIx64 "\n",
			self->io.nr ? self->io.r[self->io.nr - 1].end : 0);
		SKIP(return, "no usable range ends at 2^64-1 here");
	}
	if (!found)
		SKIP(return, "kernel below 6.18 (1196f1f897d4): a top mapping would leak until close");
	avail = iommu_dma_avail(self->container);
	EXPECT_EQ(0, __vfio_map_dma(self->container, va, t, g, VFIO_RW));
	EXPECT_ERRNO(EEXIST, __vfio_map_dma(self->container, va, t, g, VFIO_RW));
	EXPECT_ERRNO(EEXIST, __vfio_map_dma(self->container, va, t - g, 2 * g, VFIO_RW));
	EXPECT_EQ(0, __vfio_unmap_dma(self->container, t, g, 0, &size));
	EXPECT_EQ(g, size);
	EXPECT_EQ(0, __vfio_map_dma(self->container, va, t, g, VFIO_RW));
	EXPECT_EQ(0, __vfio_unmap_dma(self->container, 0, 0, VFIO_DMA_UNMAP_FLAG_ALL, &size));
	EXPECT_EQ(g, size) TH_LOG("UNMAP_ALL did not find the top granule");
	EXPECT_EQ(avail, iommu_dma_avail(self->container));
}

LIVE_MAIN
