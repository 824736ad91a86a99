// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit type1_model: every rule the reference model encodes (SPEC §3, §4,
 * A63, A65, A69-A72), on a VT-d-shaped container: 4 KiB granule, the MSI
 * window cut out of a 48-bit aperture, an entry limit of 4.
 */
#include <errno.h>

#include "expect.h"
#include "kselftest_harness.h"
#include "type1_model.h"

#define G 0x1000ull
#define RW 3u
#define VADDR 4u
#define ALL 2u
#define BITMAP 1u
#define TOP (UINT64_MAX - G + 1)

static struct type1_model_config vtd(bool v2)
{
	return (struct type1_model_config){
		.v2 = v2, .pgsizes = 0x40201000, .dma_limit = 4,
		.ranges = { { 0, 0xfedfffff }, { 0xfef00000, 0xffffffffffff } }, .nr_ranges = 2,
		.has_vaddr_and_all = true, .has_dirty_tracking = true,
		.wrap_is_eoverflow = false, .reaches_the_top = false,
	};
}

static struct type1_outcome map(struct type1_model *m, uint32_t flags, uint64_t iova,
				uint64_t size, uint64_t vaddr)
{
	struct type1_map_req r = { 32, flags, vaddr, iova, size };

	return type1_model_map(m, &r);
}

static struct type1_outcome unmap(struct type1_model *m, uint32_t flags, uint64_t iova,
				  uint64_t size)
{
	struct type1_unmap_req r = { 24, flags, iova, size, 0 };

	return type1_model_unmap(m, &r);
}

FIXTURE(model) {
	struct type1_model m;
};
FIXTURE_SETUP(model)
{
	struct type1_model_config c = vtd(true);

	ASSERT_EQ(0, type1_model_init(&self->m, &c));
}
FIXTURE_TEARDOWN(model)
{
	type1_model_free(&self->m);
}

TEST_F(model, map_wrapper_checks_argsz_and_flags_first)
{
	struct type1_map_req r = { 31, RW, 0x10000, 0x1000, G };

	EXPECT_EQ(EINVAL, type1_model_map(&self->m, &r).err);
	r.argsz = 32;
	r.flags = RW | 8;
	EXPECT_EQ(EINVAL, type1_model_map(&self->m, &r).err);
	EXPECT_EQ(4, self->m.avail);
}

TEST_F(model, map_needs_read_or_write_xor_vaddr)
{
	EXPECT_EQ(EINVAL, map(&self->m, 0, 0x1000, G, 0x10000).err);
	EXPECT_EQ(EINVAL, map(&self->m, VADDR | 1, 0x1000, G, 0x10000).err);
	EXPECT_EQ(0, map(&self->m, 1, 0x1000, G, 0x10000).err);	/* READ alone */
}

TEST_F(model, map_size_and_alignment)
{
	EXPECT_EQ(EINVAL, map(&self->m, RW, 0x1000, 0, 0x10000).err);
	EXPECT_EQ(EINVAL, map(&self->m, RW, 0x1800, G, 0x10000).err);
	EXPECT_EQ(EINVAL, map(&self->m, RW, 0x1000, G / 2, 0x10000).err);
	EXPECT_EQ(EINVAL, map(&self->m, RW, 0x1000, G, 0x10800).err);
	EXPECT_EQ(0, self->m.count);
}

TEST_F(model, overlap_is_eexist_before_enospc_before_range)
{
	for (uint64_t i = 0; i < 4; i++)
		ASSERT_EQ(0, map(&self->m, RW, 0x100000 + i * G, G, 0x10000).err);
	EXPECT_EQ(0, self->m.avail);
	EXPECT_EQ(EEXIST, map(&self->m, RW, 0x100000, 2 * G, 0x10000).err);
	/* the MSI window and no entry left: ENOSPC is checked first */
	EXPECT_EQ(ENOSPC, map(&self->m, RW, 0xfee00000, G, 0x10000).err);
	ASSERT_EQ(0, unmap(&self->m, 0, 0x100000, G).err);
	EXPECT_EQ(EINVAL, map(&self->m, RW, 0xfee00000, G, 0x10000).err);
	EXPECT_EQ(1, self->m.avail);
}

TEST_F(model, map_must_lie_inside_one_range)
{
	EXPECT_EQ(EINVAL, map(&self->m, RW, 0xfedff000, 2 * G, 0x10000).err);	/* into the window */
	EXPECT_EQ(EINVAL, map(&self->m, RW, 0xfeeff000, 2 * G, 0x10000).err);	/* out of it */
	EXPECT_EQ(EINVAL, map(&self->m, RW, 0x1000000000000ull, G, 0x10000).err);	/* past the aperture */
	EXPECT_EQ(0, map(&self->m, RW, 0xfedff000, G, 0x10000).err);
	EXPECT_EQ(0, map(&self->m, RW, 0xfef00000, G, 0x10000).err);
	EXPECT_EQ(0, map(&self->m, RW, 0xfffffffff000ull, G, 0x10000).err);
}

TEST(no_ranges_means_every_iova_is_valid)
{
	struct type1_model_config c = vtd(true);
	struct type1_model m;

	c.nr_ranges = 0;
	ASSERT_EQ(0, type1_model_init(&m, &c));
	EXPECT_EQ(0, map(&m, RW, 0xfee00000, G, 0x10000).err);
	type1_model_free(&m);
}

/* A69: before 6.18 a wrap is EINVAL after the flag checks; from 6.18 it is
 * EOVERFLOW before them, and size 0 stays EINVAL */
TEST(map_wrap_by_release)
{
	struct type1_model_config c = vtd(true);
	struct type1_map_req short_wrap = { 31, RW, 0x10000, TOP, 2 * G };
	struct type1_model old, new;

	c.ranges[1].end = UINT64_MAX;
	ASSERT_EQ(0, type1_model_init(&old, &c));
	c.wrap_is_eoverflow = c.reaches_the_top = true;
	ASSERT_EQ(0, type1_model_init(&new, &c));
	EXPECT_EQ(EINVAL, map(&old, RW, TOP, 2 * G, 0x10000).err);
	EXPECT_EQ(EOVERFLOW, map(&new, RW, TOP, 2 * G, 0x10000).err);
	EXPECT_EQ(EOVERFLOW, map(&new, 0, TOP, 2 * G, 0x10000).err);
	EXPECT_EQ(EOVERFLOW, map(&new, RW, TOP, 2 * G + G / 2, 0x10000).err);
	EXPECT_EQ(EOVERFLOW, map(&new, RW, 0x10000, 2 * G, TOP).err);	/* vaddr wraps */
	EXPECT_EQ(EINVAL, map(&new, RW, TOP, 0, 0x10000).err);
	EXPECT_EQ(EINVAL, type1_model_map(&new, &short_wrap).err);	/* the wrapper first */
	/* A72: the top granule itself does not wrap */
	EXPECT_EQ(0, map(&new, RW, TOP, G, 0x10000).err);
	EXPECT_EQ(EEXIST, map(&new, RW, TOP - G, 2 * G, 0x10000).err);
	EXPECT_EQ(G, unmap(&new, ALL, 0, 0).size);
	type1_model_free(&old);
	type1_model_free(&new);
}

TEST_F(model, vaddr_update_rules)
{
	EXPECT_EQ(ENOENT, map(&self->m, VADDR, 0x100000, G, 0x20000).err);
	ASSERT_EQ(0, map(&self->m, RW, 0x100000, 2 * G, 0x10000).err);
	EXPECT_EQ(EINVAL, map(&self->m, VADDR, 0x100000, 2 * G, 0x20000).err);	/* still valid */
	struct type1_outcome o = unmap(&self->m, VADDR, 0x100000, 2 * G);

	EXPECT_EQ(0, o.err);
	EXPECT_EQ(2 * G, o.size);
	EXPECT_EQ(3, self->m.avail);		/* invalidating removes nothing */
	EXPECT_EQ(1, type1_model_invalid_vaddrs(&self->m));
	EXPECT_EQ(EINVAL, map(&self->m, VADDR, 0x100000, G, 0x20000).err);	/* size differs */
	EXPECT_EQ(EEXIST, map(&self->m, RW, 0x100000, G, 0x20000).err);
	EXPECT_EQ(0, map(&self->m, VADDR, 0x100000, 2 * G, 0x20000).err);
	EXPECT_EQ(0x20000, type1_model_lookup(&self->m, 0x101000)->vaddr);
	EXPECT_EQ(0, type1_model_invalid_vaddrs(&self->m));
}

TEST_F(model, vaddr_invalidation_meeting_an_invalid_one_is_undone)
{
	ASSERT_EQ(0, map(&self->m, RW, 0x100000, G, 0x10000).err);
	ASSERT_EQ(0, map(&self->m, RW, 0x200000, G, 0x10000).err);
	ASSERT_EQ(0, unmap(&self->m, VADDR, 0x200000, G).err);
	struct type1_outcome o = unmap(&self->m, VADDR, 0, 0x1000000);

	EXPECT_EQ(EINVAL, o.err);
	EXPECT_EQ(0x1000000, o.size);		/* not written back */
	EXPECT_FALSE(type1_model_lookup(&self->m, 0x100000)->vaddr_invalid);
	EXPECT_TRUE(type1_model_lookup(&self->m, 0x200000)->vaddr_invalid);
}

TEST_F(model, unmap_wrapper_and_range_checks)
{
	struct type1_unmap_req r = { 23, 0, 0x1000, G, 0 };

	EXPECT_EQ(EINVAL, type1_model_unmap(&self->m, &r).err);
	EXPECT_EQ(EINVAL, unmap(&self->m, 8, 0x1000, G).err);
	EXPECT_EQ(EINVAL, unmap(&self->m, BITMAP | ALL, 0, 0).err);
	EXPECT_EQ(EINVAL, unmap(&self->m, BITMAP, 0x1000, G).err);	/* argsz 24: no bitmap */
	EXPECT_EQ(EINVAL, unmap(&self->m, 0, 0x1800, G).err);
	EXPECT_EQ(EINVAL, unmap(&self->m, ALL, 0x1000, 0).err);
	EXPECT_EQ(EINVAL, unmap(&self->m, ALL, 0, G).err);
	EXPECT_EQ(EINVAL, unmap(&self->m, 0, 0x1000, 0).err);
	EXPECT_EQ(EINVAL, unmap(&self->m, 0, 0x1000, G + 1).err);
	EXPECT_EQ(EINVAL, unmap(&self->m, 0, TOP, 2 * G).err);
}

/* A70: the wrap is EOVERFLOW from 6.18, after the alignment checks */
TEST(unmap_wrap_by_release)
{
	struct type1_model_config c = vtd(true);
	struct type1_model m;

	c.wrap_is_eoverflow = true;
	ASSERT_EQ(0, type1_model_init(&m, &c));
	EXPECT_EQ(EOVERFLOW, unmap(&m, 0, TOP, 2 * G).err);
	EXPECT_EQ(EINVAL, unmap(&m, 0, TOP + G / 2, 2 * G).err);
	EXPECT_EQ(EINVAL, unmap(&m, 0, TOP, 2 * G + G / 2).err);
	EXPECT_EQ(EINVAL, unmap(&m, ALL, TOP, 0).err);
	type1_model_free(&m);
}

TEST_F(model, dirty_bitmap_needs_tracking_and_the_granule)
{
	struct type1_unmap_req r = { 48, BITMAP, 0x100000, G, G };

	ASSERT_EQ(0, map(&self->m, RW, 0x100000, G, 0x10000).err);
	EXPECT_EQ(EINVAL, type1_model_unmap(&self->m, &r).err);
	EXPECT_EQ(0, type1_model_dirty(&self->m, 8, 1));
	r.bitmap_pgsize = 2 * G;
	EXPECT_EQ(EINVAL, type1_model_unmap(&self->m, &r).err);
	r.bitmap_pgsize = G;
	EXPECT_EQ(G, type1_model_unmap(&self->m, &r).size);
	EXPECT_EQ(0, type1_model_dirty(&self->m, 8, 2));
	EXPECT_FALSE(self->m.dirty_tracking);
}

TEST_F(model, dirty_pages_request_rules)
{
	EXPECT_EQ(EINVAL, type1_model_dirty(&self->m, 7, 1));
	EXPECT_EQ(EINVAL, type1_model_dirty(&self->m, 8, 3));
	EXPECT_EQ(EINVAL, type1_model_dirty(&self->m, 8, 8));
	EXPECT_EQ(-1, type1_model_dirty(&self->m, 8, 0));
}

TEST(dirty_pages_by_backend_and_release)
{
	struct type1_model_config c = vtd(false);
	struct type1_model m;

	ASSERT_EQ(0, type1_model_init(&m, &c));
	EXPECT_EQ(EACCES, type1_model_dirty(&m, 8, 1));	/* v1 */
	type1_model_free(&m);
	c.has_dirty_tracking = false;	/* A63: before 5.8 */
	ASSERT_EQ(0, type1_model_init(&m, &c));
	EXPECT_EQ(ENOTTY, type1_model_dirty(&m, 8, 1));
	EXPECT_EQ(EINVAL, unmap(&m, BITMAP, 0x1000, G).err);
	type1_model_free(&m);
}

TEST_F(model, v2_refuses_to_cut_a_mapping)
{
	ASSERT_EQ(0, map(&self->m, RW, 0x100000, 4 * G, 0x10000).err);
	EXPECT_EQ(EINVAL, unmap(&self->m, 0, 0x101000, G).err);	/* start inside */
	EXPECT_EQ(EINVAL, unmap(&self->m, 0, 0x100000, G).err);	/* end inside */
	EXPECT_EQ(EINVAL, unmap(&self->m, 0, 0xff000, 2 * G).err);
	EXPECT_EQ(1, self->m.count);
	struct type1_outcome o = unmap(&self->m, 0, 0x200000, 0x100000);	/* nothing there */

	EXPECT_EQ(0, o.err);
	EXPECT_EQ(0, o.size);
	o = unmap(&self->m, 0, 0, 0x1000000);
	EXPECT_EQ(4 * G, o.size);
	EXPECT_EQ(4, self->m.avail);
}

TEST(v1_stops_inside_and_takes_whole_mappings)
{
	struct type1_model_config c = vtd(false);
	struct type1_model m;
	struct type1_outcome o;

	ASSERT_EQ(0, type1_model_init(&m, &c));
	ASSERT_EQ(0, map(&m, RW, 0x100000, 4 * G, 0x10000).err);
	ASSERT_EQ(0, map(&m, RW, 0x200000, G, 0x10000).err);
	o = unmap(&m, 0, 0x101000, 0x2000);	/* starts inside the first */
	EXPECT_EQ(0, o.err);
	EXPECT_EQ(0, o.size);
	EXPECT_EQ(2, m.count);
	o = unmap(&m, 0, 0x100000, G);		/* covers its first IOVA */
	EXPECT_EQ(0, o.err);
	EXPECT_EQ(4 * G, o.size);
	EXPECT_EQ(NULL, type1_model_lookup(&m, 0x103000));
	EXPECT_EQ(3, m.avail);
	/* starting inside one mapping with another in range: kernels differ */
	ASSERT_EQ(0, map(&m, RW, 0x100000, 4 * G, 0x10000).err);
	EXPECT_EQ(-1, unmap(&m, 0, 0x101000, 0x200000).err);
	EXPECT_EQ(2, m.count);
	type1_model_free(&m);
}

TEST_F(model, unmap_all_takes_everything_and_returns_the_entries)
{
	ASSERT_EQ(0, map(&self->m, RW, 0x100000, G, 0x10000).err);
	ASSERT_EQ(0, map(&self->m, RW, 0xfffffffff000ull, G, 0x10000).err);
	ASSERT_EQ(0, unmap(&self->m, VADDR, 0x100000, G).err);
	struct type1_outcome o = unmap(&self->m, ALL, 0, 0);

	EXPECT_EQ(0, o.err);
	EXPECT_EQ(2 * G, o.size);
	EXPECT_EQ(0, self->m.count);
	EXPECT_EQ(4, self->m.avail);
	EXPECT_EQ(0, type1_model_mapped_bytes(&self->m));
}

/* Before 1196f1f897d4 (6.18) a ranged UNMAP that ends at 2^64-1 removes
 * nothing (AMD-Vi's and virtio-iommu's last range ends there) */
TEST(unmap_to_the_top_by_release)
{
	struct type1_model_config c = vtd(true);
	struct type1_model old, new;
	struct type1_outcome o;

	c.ranges[1].end = UINT64_MAX;
	ASSERT_EQ(0, type1_model_init(&old, &c));
	c.reaches_the_top = true;
	ASSERT_EQ(0, type1_model_init(&new, &c));
	ASSERT_EQ(0, map(&old, RW, TOP - G, G, 0x10000).err);
	ASSERT_EQ(0, map(&new, RW, TOP - G, G, 0x10000).err);
	o = unmap(&old, 0, TOP - G, 2 * G);
	EXPECT_EQ(0, o.err);
	EXPECT_EQ(0, o.size);
	EXPECT_EQ(1, old.count);
	EXPECT_EQ(G, unmap(&new, 0, TOP - G, 2 * G).size);
	EXPECT_EQ(G, unmap(&old, ALL, 0, 0).size);	/* UNMAP_ALL still reaches it */
	type1_model_free(&old);
	type1_model_free(&new);
}

/* A65: before 5.12 VADDR and ALL are unknown flags */
TEST(before_unmap_all_and_vaddr)
{
	struct type1_model_config c = vtd(true);
	struct type1_model m;

	c.has_vaddr_and_all = false;
	ASSERT_EQ(0, type1_model_init(&m, &c));
	ASSERT_EQ(0, map(&m, RW, 0x100000, G, 0x10000).err);
	EXPECT_EQ(EINVAL, map(&m, VADDR, 0x100000, G, 0x10000).err);
	EXPECT_EQ(EINVAL, map(&m, VADDR | 1, 0x100000, G, 0x10000).err);
	EXPECT_EQ(EINVAL, unmap(&m, ALL, 0, 0).err);
	EXPECT_EQ(EINVAL, unmap(&m, VADDR, 0x100000, G).err);
	EXPECT_EQ(1, m.count);
	type1_model_free(&m);
}

TEST_F(model, a_copy_is_independent)
{
	struct type1_model c;

	ASSERT_EQ(0, map(&self->m, RW, 0x100000, G, 0x10000).err);
	ASSERT_EQ(0, type1_model_copy(&c, &self->m));
	ASSERT_EQ(0, unmap(&c, ALL, 0, 0).err);
	EXPECT_EQ(1, self->m.count);
	EXPECT_EQ(0, c.count);
	type1_model_free(&c);
}

TEST_HARNESS_MAIN
