// SPDX-License-Identifier: GPL-2.0-only
/* unit type1_chain: the chain each kernel builds (SPEC §7.2), n IOVA ranges. */
#include "expect.h"
#include "kselftest_harness.h"
#include "type1_chain.h"

/* 5.4.0-5.4.89, 5.5-5.7: IOVA_RANGE alone, R = 40 + 16n */
TEST(before_the_migration_cap)
{
	struct type1_chain c = type1_chain_expected(false, false, false, true, 2);

	ASSERT_EQ(1, c.count);
	EXPECT_EQ(KABI_CAP_IOVA_RANGE, c.id[0]);
	EXPECT_EQ(24, c.offset[0]);
	EXPECT_EQ(40 + 16 * 2, c.need);
}

/* 5.4.90+: DMA_AVAIL after IOVA_RANGE, R = 52 + 16n */
TEST(dma_avail_backported_to_5_4)
{
	struct type1_chain c = type1_chain_expected(false, true, false, true, 3);

	ASSERT_EQ(2, c.count);
	EXPECT_EQ(KABI_CAP_IOVA_RANGE, c.id[0]);
	EXPECT_EQ(KABI_CAP_DMA_AVAIL, c.id[1]);
	EXPECT_EQ(40 + 16 * 3, c.offset[1]);
	EXPECT_EQ(52 + 16 * 3, c.need);
}

/* 5.8, 5.9: MIGRATION then IOVA_RANGE at 56, R = 72 + 16n */
TEST(migration_without_dma_avail)
{
	struct type1_chain c = type1_chain_expected(true, false, false, true, 1);

	ASSERT_EQ(2, c.count);
	EXPECT_EQ(KABI_CAP_MIGRATION, c.id[0]);
	EXPECT_EQ(56, c.offset[1]);
	EXPECT_EQ(72 + 16, c.need);
}

/* 5.10-6.5 packed: 24, 56, 68 and 84 + 16n; 6.6 on: 24, 56, 72 and 88 + 16n */
TEST(packed_and_aligned)
{
	struct type1_chain packed = type1_chain_expected(true, true, false, true, 2);
	struct type1_chain aligned = type1_chain_expected(true, true, true, true, 2);

	ASSERT_EQ(3, packed.count);
	EXPECT_EQ(KABI_CAP_MIGRATION, packed.id[0]);
	EXPECT_EQ(KABI_CAP_DMA_AVAIL, packed.id[1]);
	EXPECT_EQ(KABI_CAP_IOVA_RANGE, packed.id[2]);
	EXPECT_EQ(56, packed.offset[1]);
	EXPECT_EQ(68, packed.offset[2]);
	EXPECT_EQ(84 + 32, packed.need);
	EXPECT_EQ(72, aligned.offset[2]);
	EXPECT_EQ(88 + 32, aligned.need);
}

/* no IOMMU domain (mdev only): no IOVA_RANGE, R = 68 packed, 72 aligned */
TEST(no_iova_range_cap)
{
	EXPECT_EQ(68, type1_chain_expected(true, true, false, false, 0).need);
	EXPECT_EQ(72, type1_chain_expected(true, true, true, false, 0).need);
	EXPECT_EQ(2, type1_chain_expected(true, true, true, false, 0).count);
}

TEST_HARNESS_MAIN
