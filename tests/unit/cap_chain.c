// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit_cap_chain: the chain walker on crafted buffers (SPEC A26-A28 are
 * judged with it). Every fault gets its own diagnosis, and no crafted chain
 * makes the walker read past the buffer: each buffer ends at an unmapped
 * page.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cap_chain.h"
#include "crafted.h"
#include "expect.h"
#include "kselftest_harness.h"

#define INFO_HEADER 24
#define BUF 512

FIXTURE(chain) {
	struct guarded g;
	struct cap_chain c;
};

FIXTURE_SETUP(chain)
{
	ASSERT_EQ(0, guarded_alloc(&self->g, BUF));
}

FIXTURE_TEARDOWN(chain)
{
	guarded_free(&self->g);
}

static int walk(FIXTURE_DATA(chain) *self, uint32_t len, uint32_t first)
{
	/* the walker sees exactly the last len bytes before the guard page */
	return cap_chain_walk(self->g.buf + BUF - len, len, first, INFO_HEADER,
			      CAP_NS_IOMMU_INFO, &self->c);
}

static uint8_t *at_end(FIXTURE_DATA(chain) *self, uint32_t len)
{
	return self->g.buf + BUF - len;
}

TEST_F(chain, kernel_6_1_chain_walks_packed)
{
	uint32_t len = put_vtd_info(at_end(self, 116), 0);

	ASSERT_EQ(116, len);
	ASSERT_EQ(CHAIN_OK, walk(self, len, 24));
	ASSERT_EQ(3, self->c.count);
	EXPECT_EQ(24, self->c.caps[0].offset);
	EXPECT_EQ(CAP_MIG, self->c.caps[0].id);
	EXPECT_EQ(32, self->c.caps[0].extent);
	EXPECT_EQ(56, self->c.caps[1].offset);
	EXPECT_EQ(12, self->c.caps[1].extent);
	EXPECT_EQ(68, self->c.caps[2].offset);
	EXPECT_EQ(48, self->c.caps[2].extent);
	EXPECT_EQ(0, self->c.unknown);
}

TEST_F(chain, kernel_6_6_chain_walks_aligned)
{
	uint32_t len = put_vtd_info(at_end(self, 120), 1);

	ASSERT_EQ(120, len);
	ASSERT_EQ(CHAIN_OK, walk(self, len, 24));
	ASSERT_EQ(3, self->c.count);
	EXPECT_EQ(16, self->c.caps[1].extent);
	EXPECT_EQ(72, self->c.caps[2].offset);
}

TEST_F(chain, cap_offset_zero_is_no_chain)
{
	EXPECT_EQ(CHAIN_OK, walk(self, 24, 0));
	EXPECT_EQ(0, self->c.count);
}

TEST_F(chain, self_loop_is_reported_as_loop)
{
	put_cap_header(at_end(self, 64), 24, CAP_MIG, 1, 24);
	EXPECT_EQ(CHAIN_LOOP, walk(self, 64, 24));
	EXPECT_CONTAINS(self->c.problem.text, "cap@24 points to itself");
}

TEST_F(chain, two_cap_loop_is_reported_as_loop)
{
	uint8_t *b = at_end(self, 96);

	put_cap_header(b, 24, CAP_MIG, 1, 56);
	put_cap_header(b, 56, CAP_AVAIL, 1, 24);
	EXPECT_EQ(CHAIN_LOOP, walk(self, 96, 24));
	EXPECT_CONTAINS(self->c.problem.text,
			       "next of cap@56 returns to cap@24");
	EXPECT_EQ(2, self->c.count);
}

TEST_F(chain, backward_next_is_reported)
{
	uint8_t *b = at_end(self, 120);

	put_cap_header(b, 24, CAP_MIG, 1, 72);
	put_cap_header(b, 72, CAP_AVAIL, 1, 56);
	EXPECT_EQ(CHAIN_BACKWARD, walk(self, 120, 24));
	EXPECT_CONTAINS(self->c.problem.text,
			       "next of cap@72 points back to 56");
}

TEST_F(chain, next_past_end_is_reported)
{
	put_cap_header(at_end(self, 64), 24, CAP_MIG, 1, 200);
	EXPECT_EQ(CHAIN_PAST_END, walk(self, 64, 24));
	EXPECT_CONTAINS(self->c.problem.text,
			       "points to 200, past the end of the 64-byte buffer");
}

TEST_F(chain, truncated_header_is_reported)
{
	put_cap_header(at_end(self, 64), 24, CAP_MIG, 1, 60);
	EXPECT_EQ(CHAIN_HEADER_TRUNCATED, walk(self, 64, 24));
	EXPECT_CONTAINS(self->c.problem.text,
			       "8-byte header crosses the end");
}

TEST_F(chain, misaligned_cap_is_reported)
{
	put_cap_header(at_end(self, 96), 24, CAP_MIG, 1, 58);
	EXPECT_EQ(CHAIN_MISALIGNED, walk(self, 96, 24));
	EXPECT_CONTAINS(self->c.problem.text,
			       "points to 58, not a multiple of 4");
}

TEST_F(chain, zero_size_buffer_with_cap_offset_is_past_end)
{
	EXPECT_EQ(CHAIN_PAST_END, walk(self, 0, 24));
	EXPECT_EQ(0, self->c.count);
}

TEST_F(chain, cap_offset_inside_info_header_is_reported)
{
	EXPECT_EQ(CHAIN_INSIDE_INFO_HEADER, walk(self, 64, 16));
	EXPECT_CONTAINS(self->c.problem.text,
			       "cap_offset points to 16, inside the 24-byte info header");
}

TEST_F(chain, unknown_cap_id_is_skipped_and_counted)
{
	uint8_t *b = at_end(self, 96);

	put_migration(b, 24, 56);
	put_cap_header(b, 56, 99, 1, 64);
	put_dma_avail(b, 64, 0, 7);
	ASSERT_EQ(CHAIN_OK, walk(self, 96, 24));
	EXPECT_EQ(3, self->c.count);
	EXPECT_EQ(1, self->c.unknown);
	EXPECT_FALSE(self->c.caps[1].known);
	EXPECT_EQ(CAP_AVAIL, self->c.caps[2].id);
}

TEST_F(chain, overlong_chain_stops)
{
	uint8_t *b = at_end(self, BUF);

	/* 8-byte caps back to back until the buffer ends: more than the max */
	for (uint32_t off = 0; off + 8 <= BUF; off += 8)
		put_cap_header(b, off, 99, 1, off + 8 < BUF ? off + 8 : 0);
	EXPECT_EQ(CHAIN_TOO_LONG, cap_chain_walk(b, BUF, 8, 8, CAP_NS_IOMMU_INFO,
						 &self->c));
	EXPECT_EQ(CAP_CHAIN_MAX, self->c.count);
}

TEST_F(chain, dump_decodes_known_and_hexdumps_unknown)
{
	uint8_t *b = at_end(self, 116);
	char *text = NULL;
	size_t size = 0;
	FILE *out;

	put_vtd_info(b, 0);
	put_cap_header(b, 56, 77, 1, 68);	/* DMA_AVAIL replaced by an unknown id */
	ASSERT_EQ(CHAIN_OK, walk(self, 116, 24));
	out = open_memstream(&text, &size);
	ASSERT_NOT_NULL(out);
	cap_chain_dump(out, b, &self->c);
	fclose(out);
	EXPECT_CONTAINS(text, "[0] @24 id 2 MIGRATION v1 next 56, 32 bytes");
	EXPECT_CONTAINS(text, "pgsize_bitmap 0x1000 max_dirty_bitmap_size 0x10000000");
	EXPECT_CONTAINS(text, "[1] @56 id 77 (unknown to this suite)");
	EXPECT_CONTAINS(text, "nr_iovas 2: [0x0-0xfedfffff] [0xfef00000-0x7fffffffff]");
	if (_metadata->exit_code == KSFT_FAIL)
		fputs(text, stdout);
	free(text);
}

/* The kinds table is KABI_CAPS: every cap has a name, its size and version. */
TEST(cap_kinds_come_from_the_abi_table)
{
	const struct cap_kind *k = cap_kind(CAP_NS_DEVICE_INFO, KABI_CAP_ZPCI_BASE);

	ASSERT_NOT_NULL(k);
	EXPECT_STREQ("ZPCI_BASE", k->name);
	EXPECT_EQ(40, k->size);
	EXPECT_EQ(2, k->newest_version);
	EXPECT_STREQ("DMA_AVAIL", cap_name(CAP_NS_IOMMU_INFO, KABI_CAP_DMA_AVAIL));
	/* the same id names another cap in the other namespace */
	EXPECT_STREQ("ZPCI_GROUP", cap_name(CAP_NS_DEVICE_INFO, KABI_CAP_MIGRATION));
	EXPECT_NULL(cap_kind(CAP_NS_IOMMU_INFO, 4));
	EXPECT_NULL(cap_kind(CAP_NS_DEVICE_INFO, 0));
}

TEST_HARNESS_MAIN
