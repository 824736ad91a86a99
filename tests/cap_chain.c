// SPDX-License-Identifier: GPL-2.0-only
/*
 * cap_chain: the capability chain of VFIO_IOMMU_GET_INFO as the kernel
 * builds it (SPEC §2, §4; A26-A28, A31, A32 for a fresh container).
 */
#include "cap_readers.h"
#include "live.h"
#include "type1_chain.h"

FIXTURE(cap_chain) {
	int container, group;
	struct info_chain ic;
};

FIXTURE_VARIANT(cap_chain) {
	const struct backend *backend;
};
LIVE_BACKENDS(cap_chain);

FIXTURE_SETUP(cap_chain)
{
	int chain;

	self->container = self->group = -1;
	LIVE_OPEN_CONTAINER(self, variant->backend);
	chain = live_kernel_has(self->container, "iova_range_cap");
	ASSERT_LE(0, chain);
	if (!chain)
		SKIP(return, "no capability chain: kernel below 5.4 (vfio-v5.4-rc1 IOVA-range series)");
	iommu_info_read(self->container, &self->ic);
}

FIXTURE_TEARDOWN(cap_chain)
{
	LIVE_DUMP_IF_FAILED(self->container);
	info_chain_free(&self->ic);
	live_close(&self->container, &self->group);
}

/*
 * A26: every header in bounds, next forward or 0, no loop, and each known
 * cap's contents fit before the next one.
 */
TEST_F(cap_chain, chain_is_well_formed)
{
	ASSERT_EQ(CHAIN_OK, self->ic.chain.problem.code) TH_LOG("%s", self->ic.chain.problem.text);
	EXPECT_LE(1, self->ic.chain.count);
	EXPECT_GE(3, self->ic.chain.count);
	for (unsigned int i = 0; i < self->ic.chain.count; i++) {
		const struct cap_entry *e = &self->ic.chain.caps[i];
		char line[400];

		EXPECT_LE(kabi_sizeof(vfio_iommu_type1_info), e->offset);
		EXPECT_TRUE(e->known) TH_LOG("cap@%u has id %u, which no type1 kernel emits", e->offset, e->id);
		if (e->known) {
			EXPECT_EQ(0, cap_decode(CAP_NS_IOMMU_INFO, self->ic.raw.buf, e, line, sizeof(line)))
				TH_LOG("cap@%u: %s", e->offset, line);
		}
	}
}

/*
 * A27, A28, A62, A64: MIGRATION, DMA_AVAIL, IOVA_RANGE in that order, all
 * version 1, at 24/56/68 (packed) or 24/56/72 (8-byte aligned,
 * a881b496941f) -- on kernels before the migration cap (5.8) or DMA_AVAIL
 * (5.10) the chain those kernels build instead (tests/type1_chain.h).
 */
TEST_F(cap_chain, order_versions_offsets_and_alignment)
{
	int aligned = live_kernel_has(self->container, "caps_8_byte_aligned");
	int migration = live_kernel_has(self->container, "migration_cap");
	int dma_avail = live_kernel_has(self->container, "dma_avail_cap");
	const struct cap_entry *iova = cap_chain_find(&self->ic.chain, KABI_CAP_IOVA_RANGE);
	struct type1_chain want;
	struct iova_range r[64];
	uint32_t n = 0;
	struct problem p;

	ASSERT_LE(0, aligned);
	ASSERT_LE(0, migration);
	ASSERT_LE(0, dma_avail);
	ASSERT_EQ(CHAIN_OK, self->ic.chain.problem.code);
	ASSERT_NOT_NULL(iova) TH_LOG("a device group always has usable IOVA ranges");
	ASSERT_EQ(0, cap_read_iova_ranges(self->ic.raw.buf, iova, r, 64, &n, &p)) TH_LOG("%s", p.text);
	want = type1_chain_expected(migration, dma_avail, aligned, true, n);
	ASSERT_EQ(want.count, self->ic.chain.count)
		TH_LOG("a device group gives %s%s%s", migration ? "MIGRATION, " : "",
		       migration && dma_avail ? "DMA_AVAIL, " : "",
		       dma_avail && !migration ? "IOVA_RANGE, DMA_AVAIL" : "IOVA_RANGE");
	for (unsigned int i = 0; i < want.count; i++) {
		const struct cap_entry *e = &self->ic.chain.caps[i];

		EXPECT_EQ(want.id[i], e->id) TH_LOG("cap %u", i);
		EXPECT_EQ(1, e->version) TH_LOG("cap %u", i);
		EXPECT_EQ(want.offset[i], e->offset) TH_LOG("cap %u", i);
		EXPECT_EQ(0, e->offset % (aligned ? 8 : 4)) TH_LOG("cap %u", i);
	}
	EXPECT_EQ(0, self->ic.chain.caps[want.count - 1].next);
}

/*
 * A31: migration cap flags 0, the smallest IOMMU page as its one page
 * size, a 256 MiB bitmap limit, and padding that no longer leaks
 * (cd24e2a60af6).
 */
TEST_F(cap_chain, migration_cap_values)
{
	const struct cap_entry *e = cap_chain_find(&self->ic.chain, KABI_CAP_MIGRATION);
	uint64_t pgsizes = vfio_iommu_info_pgsizes(&self->ic.raw);
	int pad_zeroed = live_kernel_has(self->container, "migration_cap_pad_zeroed");
	int migration = live_kernel_has(self->container, "migration_cap");
	struct migration_cap mig;
	struct problem p;

	ASSERT_LE(0, migration);
	if (!migration)
		SKIP(return, "no migration cap: kernel below 5.8 (ad721705d09c)");
	ASSERT_NOT_NULL(e);
	ASSERT_LE(0, pad_zeroed);
	ASSERT_EQ(0, cap_read_migration(self->ic.raw.buf, e, &mig, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(0, mig.flags);
	EXPECT_EQ(pgsizes & -pgsizes, mig.pgsize_bitmap);
	EXPECT_EQ(0x10000000, mig.max_dirty_bitmap_size);
	if (pad_zeroed) {
		EXPECT_EQ(0, mig.pad) TH_LOG("bytes 12..15 of the migration cap leak 0x%x", mig.pad);
	}
}

/* A32: a fresh container has dma_entry_limit mappings available. */
TEST_F(cap_chain, dma_avail_is_the_entry_limit)
{
	const struct cap_entry *e = cap_chain_find(&self->ic.chain, KABI_CAP_DMA_AVAIL);
	int dma_avail = live_kernel_has(self->container, "dma_avail_cap");
	long limit = dma_entry_limit_read();
	uint32_t avail;
	struct problem p;

	ASSERT_LE(0, dma_avail);
	if (!dma_avail)
		SKIP(return, "no DMA_AVAIL cap: kernel below 5.10 (7d6e1329652e; 5.4.y from 5.4.90)");
	ASSERT_NOT_NULL(e);
	ASSERT_EQ(0, cap_read_dma_avail(self->ic.raw.buf, e, &avail, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(limit, avail);
}

LIVE_MAIN
