// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma_avail: the DMA_AVAIL cap counts mappings left under dma_entry_limit
 * (SPEC §4; A32, A33). Lowering the module parameter needs root; a
 * guardian process puts it back as soon as the container is set up, or
 * when this program ends however it ends (SIGKILL too).
 */
#include "live.h"

FIXTURE(dma_avail) {
	int container, group;
	uint64_t granule, base;
	struct dma_buffer buf;
	struct param_guard limit;
};

FIXTURE_VARIANT(dma_avail) {
	const struct backend *backend;
	int limit;		/* written before SET_IOMMU; 0: left alone */
};
LIVE_BACKENDS(dma_avail);
FIXTURE_VARIANT_ADD(dma_avail, type1v2_limit_2) { .backend = &backend_type1v2, .limit = 2 };

/* The DMA_AVAIL count the kernel reports now, or -1. */
static long avail(int container)
{
	struct problem p;
	uint32_t v;

	if (__iommu_dma_avail(container, &v, &p)) {
		fprintf(stderr, "# DMA_AVAIL: %s\n", p.text);
		return -1;
	}
	return v;
}

FIXTURE_SETUP(dma_avail)
{
	struct iova_space io;
	struct problem p;

	self->container = self->group = -1;
	self->limit.guardian = 0;
	if (variant->limit) {
		if (getuid() != 0)
			SKIP(return, "lowering dma_entry_limit needs root");
		ASSERT_EQ(0, __module_param_set_guarded(MODULE_SYSFS, "vfio_iommu_type1",
							"dma_entry_limit", variant->limit,
							&self->limit, &p))
			TH_LOG("%s", p.text);
		fprintf(stderr, "# dma_entry_limit lowered from %ld to %d for this test\n",
			self->limit.old, variant->limit);
	}
	LIVE_OPEN_CONTAINER(self, variant->backend);
	/* a container keeps the limit it was set up with: restore now */
	ASSERT_EQ(0, module_param_restore(&self->limit));
	live_iova_space_read(self->container, &io);
	self->granule = io.granule;
	self->base = iova_space_first_fit(&io, 4);
	dma_buffer_alloc(&self->buf, self->granule, 4);
}

FIXTURE_TEARDOWN(dma_avail)
{
	if (module_param_restore(&self->limit))
		fprintf(stderr, "# could not restore dma_entry_limit to %ld\n", self->limit.old);
	LIVE_DUMP_IF_FAILED(self->container);
	live_close(&self->container, &self->group);
	dma_buffer_free(&self->buf);
}

static int map(FIXTURE_DATA(dma_avail) *self, unsigned int at)
{
	return __vfio_map_dma(self->container, (uintptr_t)self->buf.p + at * self->granule,
			      self->base + at * self->granule, self->granule, VFIO_RW);
}

/* A32: -1 per mapping made, unchanged by a refused one, +1 per one removed. */
TEST_F(dma_avail, counts_mappings)
{
	long start = avail(self->container);

	ASSERT_LE(0, start);
	if (variant->limit) {
		EXPECT_EQ(variant->limit, start);
	} else {
		EXPECT_EQ(dma_entry_limit_read(), start);
	}
	ASSERT_EQ(0, map(self, 0));
	EXPECT_EQ(start - 1, avail(self->container));
	EXPECT_ERRNO(EEXIST, map(self, 0));
	EXPECT_EQ(start - 1, avail(self->container)) TH_LOG("a refused MAP changed the count");
	vfio_unmap_dma(self->container, self->base, self->granule);
	EXPECT_EQ(start, avail(self->container));
}

/* A33: with the limit at 2, the third MAP is ENOSPC and avail reads 0. */
TEST_F(dma_avail, limit_runs_out_with_enospc)
{
	if (!variant->limit)
		SKIP(return, "runs with the lowered limit only");
	ASSERT_EQ(0, map(self, 0));
	ASSERT_EQ(0, map(self, 1));
	EXPECT_ERRNO(ENOSPC, map(self, 2));
	EXPECT_EQ(0, avail(self->container));
	vfio_unmap_dma(self->container, self->base, self->granule);
	EXPECT_EQ(1, avail(self->container));
}

LIVE_MAIN
