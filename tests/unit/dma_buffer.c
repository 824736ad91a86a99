// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit dma_buffer: memory for DMA is aligned to the granule, as long as
 * asked, and given back whole (the alignment slack too).
 */
#include <stdint.h>
#include <string.h>

#include "dma_buffer.h"
#include "kselftest_harness.h"

TEST(buffer_is_aligned_and_as_long_as_asked)
{
	struct dma_buffer b;

	ASSERT_EQ(0, __dma_buffer_alloc(&b, 0x10000, 3));
	EXPECT_EQ(0, (uintptr_t)b.p % 0x10000);
	EXPECT_EQ(3 * 0x10000, b.len);
	EXPECT_LE((uintptr_t)b.map, (uintptr_t)b.p);
	EXPECT_GE((uintptr_t)b.map + b.map_len, (uintptr_t)b.p + b.len);
	memset(b.p, 0x5a, b.len);	/* all of it is writable */
	dma_buffer_free(&b);
	EXPECT_NULL(b.map);
	EXPECT_NULL(b.p);
	dma_buffer_free(&b);		/* twice is harmless */
}

TEST(impossible_size_is_an_errno_and_nothing_held)
{
	struct dma_buffer b;

	EXPECT_GT(0, __dma_buffer_alloc(&b, UINT64_C(1) << 62, 3));
	EXPECT_NULL(b.map);
	dma_buffer_free(&b);
}

TEST_HARNESS_MAIN
