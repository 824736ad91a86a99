// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma_avail: the DMA_AVAIL cap counts mappings left under dma_entry_limit
 * (SPEC §4; A32, A33). Lowering the module parameter needs root; it is put
 * back in the fixture's teardown, which runs whatever the test did.
 */
#include "cap_readers.h"
#include "live.h"

#define HEADER 24
#define LIMIT_PARAM "/sys/module/vfio_iommu_type1/parameters/dma_entry_limit"

FIXTURE(dma_avail) {
	int container, group;
	uint64_t granule, base;
	uint8_t *buf;
	int saved_limit;	/* -1: the parameter was not changed */
};

FIXTURE_VARIANT(dma_avail) {
	unsigned long iommu_type;
	int limit;		/* written before SET_IOMMU; 0: left alone */
};
FIXTURE_VARIANT_ADD(dma_avail, type1v2) { .iommu_type = VFIO_TYPE1v2_IOMMU };
FIXTURE_VARIANT_ADD(dma_avail, type1v1) { .iommu_type = VFIO_TYPE1_IOMMU };
FIXTURE_VARIANT_ADD(dma_avail, type1v2_limit_2) { .iommu_type = VFIO_TYPE1v2_IOMMU, .limit = 2 };

static int read_limit(void)
{
	FILE *f = fopen(LIMIT_PARAM, "r");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int write_limit(int v)
{
	FILE *f = fopen(LIMIT_PARAM, "w");
	int ok;

	if (!f)
		return -1;
	ok = fprintf(f, "%d\n", v) > 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* The DMA_AVAIL count the kernel reports now, or -1. */
static long avail(int container)
{
	struct vfio_info_buf info;
	struct cap_chain chain;
	const struct cap_entry *cap;
	uint32_t v;
	long ret = -1;

	if (__vfio_iommu_info_fetch(container, &info))
		return -1;
	if (!cap_chain_walk(info.buf, info.len, vfio_iommu_info_cap_offset(&info), HEADER,
			    CAP_NS_IOMMU_INFO, &chain) &&
	    (cap = cap_chain_find(&chain, VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL)) &&
	    !cap_read_dma_avail(info.buf, cap, &v, NULL))
		ret = v;
	vfio_info_buf_free(&info);
	return ret;
}

FIXTURE_SETUP(dma_avail)
{
	char why[200];

	self->container = self->group = -1;
	self->saved_limit = -1;
	if (variant->limit) {
		int old = read_limit();

		if (getuid() != 0)
			SKIP(return, "lowering dma_entry_limit needs root");
		ASSERT_LE(0, old) TH_LOG("cannot read %s", LIMIT_PARAM);
		ASSERT_EQ(0, write_limit(variant->limit)) TH_LOG("cannot write %s", LIMIT_PARAM);
		self->saved_limit = old;
		fprintf(stderr, "# %s lowered from %d to %d for this test\n", LIMIT_PARAM,
			old, variant->limit);
	}
	LIVE_OPEN_CONTAINER(self, variant->iommu_type);
	/* a container keeps the limit it was set up with: restore now */
	if (self->saved_limit >= 0) {
		ASSERT_EQ(0, write_limit(self->saved_limit));
		self->saved_limit = -1;
	}
	ASSERT_EQ(0, live_usable_iova(self->container, 4, &self->granule, &self->base,
				      why, sizeof(why)))
		TH_LOG("%s", why);
	self->buf = live_dma_buffer(self->granule, 4);
	ASSERT_NOT_NULL(self->buf);
}

FIXTURE_TEARDOWN(dma_avail)
{
	if (self->saved_limit >= 0 && write_limit(self->saved_limit))
		fprintf(stderr, "# could not restore %s to %d\n", LIMIT_PARAM, self->saved_limit);
	if (_metadata->exit_code == KSFT_FAIL)
		live_dump_context(self->container);
	live_close(&self->container, &self->group);
}

static int map(FIXTURE_DATA(dma_avail) *self, unsigned int at)
{
	return __vfio_map_dma(self->container, (uintptr_t)self->buf + at * self->granule,
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
		EXPECT_EQ(read_limit(), start);
	}
	ASSERT_EQ(0, map(self, 0));
	EXPECT_EQ(start - 1, avail(self->container));
	EXPECT_ERRNO(EEXIST, map(self, 0));
	EXPECT_EQ(start - 1, avail(self->container)) TH_LOG("a refused MAP changed the count");
	ASSERT_EQ(0, __vfio_unmap_dma(self->container, self->base, self->granule, 0, NULL));
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
	ASSERT_EQ(0, __vfio_unmap_dma(self->container, self->base, self->granule, 0, NULL));
	EXPECT_EQ(1, avail(self->container));
}

LIVE_MAIN
