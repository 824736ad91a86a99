// SPDX-License-Identifier: GPL-2.0-only
/*
 * reserved_windows: MAP_DMA against every window the IOVA ranges leave out
 * (each gap between two ranges, the space below the first and above the
 * last), at every edge; and the ranges' own first and last pages
 * (SPEC §3; A37, A41, A42, A43).
 */
#include <inttypes.h>

#include "live.h"

FIXTURE(reserved_windows) {
	int container, group;
	struct iova_space io;
	struct dma_buffer mem;	/* 2 granules to map */
	uint8_t *buf;		/* mem.p */
};

FIXTURE_VARIANT(reserved_windows) {
	const struct backend *backend;
};
LIVE_BACKENDS(reserved_windows);

FIXTURE_SETUP(reserved_windows)
{
	self->container = self->group = -1;
	LIVE_OPEN_CONTAINER(self, variant->backend);
	live_iova_space_read(self->container, &self->io);
	ASSERT_LE(1, self->io.nr);
	dma_buffer_alloc(&self->mem, self->io.granule, 2);
	self->buf = self->mem.p;
}

FIXTURE_TEARDOWN(reserved_windows)
{
	LIVE_DUMP_IF_FAILED(self->container);
	/* closing the container releases whatever a failed test left mapped */
	live_close(&self->container, &self->group);
	dma_buffer_free(&self->mem);
}

static int map(FIXTURE_DATA(reserved_windows) *self, uint64_t iova, unsigned int granules)
{
	return __vfio_map_dma(self->container, (uintptr_t)self->buf, iova,
			      granules * self->io.granule, VFIO_RW);
}

/* Maps one granule at iova, which must work, and takes it back. */
static int map_and_unmap(FIXTURE_DATA(reserved_windows) *self, uint64_t iova,
			 uint64_t *unmapped)
{
	int ret = map(self, iova, 1);

	*unmapped = 0;
	if (ret)
		return ret;
	return __vfio_unmap_dma(self->container, iova, self->io.granule, 0, unmapped);
}

static uint64_t down(FIXTURE_DATA(reserved_windows) *self, uint64_t a)
{
	return a & ~(self->io.granule - 1);
}

/* Gap i lies between range i and range i + 1. */
static struct iova_range gap(FIXTURE_DATA(reserved_windows) *self, uint32_t i)
{
	return (struct iova_range){ self->io.r[i].end + 1, self->io.r[i + 1].start - 1 };
}

/* A37: one granule inside each window is refused. */
TEST_F(reserved_windows, map_inside_window_is_einval)
{
	for (uint32_t i = 0; i + 1 < self->io.nr; i++) {
		struct iova_range g = gap(self, i);

		EXPECT_ERRNO(EINVAL, map(self, down(self, g.start), 1))
			TH_LOG("window [0x%" PRIx64 "-0x%" PRIx64 "]: its first granule", g.start, g.end);
		EXPECT_ERRNO(EINVAL, map(self, down(self, g.end), 1))
			TH_LOG("window [0x%" PRIx64 "-0x%" PRIx64 "]: its last granule", g.start, g.end);
	}
}

/* A37: two granules across each edge of each window are refused. */
TEST_F(reserved_windows, map_straddling_window_edges_is_einval)
{
	for (uint32_t i = 0; i + 1 < self->io.nr; i++) {
		struct iova_range g = gap(self, i);

		EXPECT_ERRNO(EINVAL, map(self, down(self, g.start) - self->io.granule, 2))
			TH_LOG("window [0x%" PRIx64 "-0x%" PRIx64 "]: across its start", g.start, g.end);
		EXPECT_ERRNO(EINVAL, map(self, down(self, g.end), 2))
			TH_LOG("window [0x%" PRIx64 "-0x%" PRIx64 "]: across its end", g.start, g.end);
	}
}

/*
 * A37: a mapping spanning a whole window (from the granule before to the
 * granule after) is refused. The buffer is reused for the whole span:
 * the kernel must refuse before it pins anything.
 */
TEST_F(reserved_windows, map_spanning_window_is_einval)
{
	for (uint32_t i = 0; i + 1 < self->io.nr; i++) {
		struct iova_range g = gap(self, i);
		uint64_t start = down(self, g.start) - self->io.granule;
		uint64_t granules = (down(self, g.end) - start) / self->io.granule + 2;
		void *span;

		/* the kernel checks the range before pinning: an unbacked
		 * reservation of the span's size is enough */
		span = mmap(NULL, granules * self->io.granule, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (span == MAP_FAILED) {
			TH_LOG("window [0x%" PRIx64 "-0x%" PRIx64 "]: no %" PRIu64 "-byte address range to span it",
			       g.start, g.end, granules * self->io.granule);
			continue;
		}
		EXPECT_ERRNO(EINVAL, __vfio_map_dma(self->container, (uintptr_t)span, start,
						    granules * self->io.granule, VFIO_RW))
			TH_LOG("window [0x%" PRIx64 "-0x%" PRIx64 "]: spanned", g.start, g.end);
		munmap(span, granules * self->io.granule);
	}
}

/* A37: the granules right beside each window map and unmap. */
TEST_F(reserved_windows, granules_beside_windows_map)
{
	for (uint32_t i = 0; i + 1 < self->io.nr; i++) {
		struct iova_range g = gap(self, i);
		uint64_t below = down(self, g.start) - self->io.granule;
		uint64_t above = down(self, g.end) + self->io.granule;
		uint64_t unmapped;

		EXPECT_EQ(0, map_and_unmap(self, below, &unmapped))
			TH_LOG("granule 0x%" PRIx64 " below window [0x%" PRIx64 "-0x%" PRIx64 "]", below, g.start, g.end);
		EXPECT_EQ(self->io.granule, unmapped);
		EXPECT_EQ(0, map_and_unmap(self, above, &unmapped))
			TH_LOG("granule 0x%" PRIx64 " above window [0x%" PRIx64 "-0x%" PRIx64 "]", above, g.start, g.end);
		EXPECT_EQ(self->io.granule, unmapped);
	}
}

/*
 * A37: the first and last granule of every range map. A last granule
 * ending at 2^64 - 1 is left out: iova + size wraps, which kernels before
 * 6.18 refuse (SPEC A52).
 */
TEST_F(reserved_windows, range_edges_map)
{
	for (uint32_t i = 0; i < self->io.nr; i++) {
		uint64_t first = self->io.r[i].start, last = down(self, self->io.r[i].end);
		uint64_t unmapped;
		int ret;

		EXPECT_EQ(0, map_and_unmap(self, first, &unmapped))
			TH_LOG("first granule 0x%" PRIx64 " of range %u", first, i);
		if (self->io.r[i].end == UINT64_MAX) {
			TH_LOG("range %u ends at 2^64-1: its last granule is not mapped", i);
			continue;
		}
		ret = map_and_unmap(self, last, &unmapped);
		if (ret == -EINVAL && !live_kernel_has(self->container, "s390_aperture_end_mappable")) {
			LIVE_KNOWN_DEFECT("last granule 0x%" PRIx64 " of range %u refused (EINVAL): s390-iommu before a4d996c2c4b5 (6.2)",
					  last, i);
			continue;
		}
		EXPECT_EQ(0, ret) TH_LOG("last granule 0x%" PRIx64 " of range %u", last, i);
	}
}

/* A41: below the first range and above the last, MAP is refused. */
TEST_F(reserved_windows, map_outside_the_ranges_is_einval)
{
	uint64_t first = self->io.r[0].start, last = self->io.r[self->io.nr - 1].end;

	if (first < self->io.granule && last >= UINT64_MAX - 2 * self->io.granule)
		SKIP(return, "the ranges reach both ends of the address space: nothing outside to map");
	if (first >= self->io.granule) {
		EXPECT_ERRNO(EINVAL, map(self, down(self, first) - self->io.granule, 1))
			TH_LOG("below the first range at 0x%" PRIx64, first);
	}
	if (last < UINT64_MAX - 2 * self->io.granule) {
		EXPECT_ERRNO(EINVAL, map(self, down(self, last) + self->io.granule, 1))
			TH_LOG("above the last range ending 0x%" PRIx64, last);
	}
}

/*
 * A42, A43: UNMAP over a window, where nothing is mapped, succeeds and
 * reports 0 bytes; so does one far outside every range.
 */
TEST_F(reserved_windows, unmap_where_nothing_is_mapped_reports_zero)
{
	uint64_t unmapped;

	for (uint32_t i = 0; i + 1 < self->io.nr; i++) {
		struct iova_range g = gap(self, i);

		unmapped = 1;
		EXPECT_EQ(0, __vfio_unmap_dma(self->container, down(self, g.start),
					      self->io.granule, 0, &unmapped))
			TH_LOG("window [0x%" PRIx64 "-0x%" PRIx64 "]", g.start, g.end);
		EXPECT_EQ(0, unmapped);
	}
	unmapped = 1;
	EXPECT_EQ(0, __vfio_unmap_dma(self->container, down(self, UINT64_MAX - self->io.granule),
				      self->io.granule, 0, &unmapped));
	EXPECT_EQ(0, unmapped);
}

LIVE_MAIN
