// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd_ioas: an IOAS with the device attached through its cdev (SPEC
 * 8.6; A80, A81): its ranges against the group's reserved regions, and
 * IOAS_MAP and IOAS_UNMAP's refusals, errno by errno.
 */
#include "iommufd.h"

FIXTURE(iommufd_ioas) {
	struct bound b;
	struct resv_region regions[MAX_REGIONS];
	size_t nregions;
	struct iova_range r[MAX_RANGES];
	uint32_t nr;
	uint64_t alignment;
	struct dma_buffer buf;
};

FIXTURE_SETUP(iommufd_ioas)
{
	struct problem p;

	self->b = (struct bound){ .iommufd = -1, .device = -1 };
	self->buf.p = NULL;
	ASSERT_EQ(0, resv_regions_read(IOMMU_GROUPS_SYSFS, live.duts[0].group, self->regions,
				       MAX_REGIONS, &self->nregions, &p)) TH_LOG("%s", p.text);
	bind_and_attach(&self->b, &live.duts[0]);
	read_ranges(&self->b, self->r, &self->nr, &self->alignment);
	dma_buffer_alloc(&self->buf, live.page, 4);
}

FIXTURE_TEARDOWN(iommufd_ioas)
{
	if (_metadata->exit_code == KSFT_FAIL) {
		live_dump_context(-1);
		for (uint32_t i = 0; i < self->nr; i++)
			fprintf(stderr, "#   IOAS range 0x%016" PRIx64 "-0x%016" PRIx64 "\n",
				self->r[i].start, self->r[i].end);
		print_regions(self->regions, self->nregions);
	}
	bound_close(&self->b);
	dma_buffer_free(&self->buf);
}

/* A80: before any attach an IOAS is all of [0, 2^64-1]. */
TEST_F(iommufd_ioas, unattached_ioas_is_everything)
{
	struct iommufd_iova_range r[4];
	uint32_t other, num = 4;

	ASSERT_EQ(0, __iommufd_ioas_alloc(self->b.iommufd, &other));
	ASSERT_EQ(0, __iommufd_ioas_iova_ranges(self->b.iommufd, other, r, &num, NULL));
	ASSERT_EQ(1, num);
	EXPECT_EQ(0, r[0].start);
	EXPECT_EQ(UINT64_MAX, r[0].last);
}

/*
 * A80: the attached IOAS's ranges are sorted and disjoint, touch no
 * region the kernel keeps (direct-relaxable ones aside), and every gap
 * between them is such a region -- type1's rule for the same group.
 */
TEST_F(iommufd_ioas, ranges_are_the_complement_of_reserved_regions)
{
	struct problem p;

	EXPECT_LE(1, self->nr);
	EXPECT_EQ(IOVA_LIST_OK, iova_ranges_validate(self->r, self->nr, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(0, ranges_overlapping_regions(self->r, self->nr, self->regions, self->nregions, &p))
		TH_LOG("%s", p.text);
	EXPECT_EQ(0, gaps_not_reserved(self->r, self->nr, self->regions, self->nregions, &p))
		TH_LOG("%s", p.text);
}

/*
 * A80: out_iova_alignment is a power of two no larger than the CPU page;
 * num_iovas 0 is EMSGSIZE with the count written.
 */
TEST_F(iommufd_ioas, alignment_and_count)
{
	uint32_t num = 0;

	EXPECT_NE(0, self->alignment);
	EXPECT_EQ(0, self->alignment & (self->alignment - 1))
		TH_LOG("out_iova_alignment 0x%" PRIx64, self->alignment);
	EXPECT_GE((uint64_t)live.page, self->alignment);
	EXPECT_ERRNO(EMSGSIZE, __iommufd_ioas_iova_ranges(self->b.iommufd, self->b.ioas, NULL,
							  &num, NULL));
	EXPECT_EQ(self->nr, num);
}

/* The first non-relaxable region with a mappable page just below it. */
static const struct resv_region *window_below_a_range(FIXTURE_DATA(iommufd_ioas) *self, uint64_t page)
{
	for (size_t i = 0; i < self->nregions; i++) {
		const struct resv_region *w = &self->regions[i];

		if (w->type != RESV_DIRECT_RELAXABLE && w->range.start >= page &&
		    iova_ranges_fit_one(self->r, self->nr, w->range.start - page, w->range.start - 1))
			return w;
	}
	return NULL;
}

/*
 * A81: FIXED_IOVA into a reserved window is EINVAL, and so is a request
 * that is both reserved and overlapping (the window is checked first);
 * overlapping alone is EEXIST; an unknown flag is EOPNOTSUPP, no access
 * EINVAL, an IOVA or length past ULONG_MAX EOVERFLOW.
 */
TEST_F(iommufd_ioas, map_refusals)
{
	const uint64_t pg = live.page;
	const struct resv_region *w = window_below_a_range(self, pg);
	int fd = self->b.iommufd;
	uint32_t ioas = self->b.ioas;
	uint64_t base, iova;

	ASSERT_NE(NULL, w) TH_LOG("no reserved region with a mappable page below it");
	ASSERT_EQ(0, iova_ranges_first_fit(self->r, self->nr, pg, 4, &base));
	EXPECT_ERRNO(EINVAL, map_fixed(fd, ioas, self->buf.p, w->range.start, pg, IOAS_MAP_RW))
		TH_LOG("MAP into the %s window at 0x%" PRIx64, resv_type_name(w->type), w->range.start);
	ASSERT_EQ(0, map_fixed(fd, ioas, self->buf.p, w->range.start - pg, pg, IOAS_MAP_RW));
	EXPECT_ERRNO(EINVAL, map_fixed(fd, ioas, self->buf.p, w->range.start - pg, 2 * pg, IOAS_MAP_RW))
		TH_LOG("reserved and overlapping");
	ASSERT_EQ(0, map_fixed(fd, ioas, self->buf.p, base, 2 * pg, IOAS_MAP_RW));
	EXPECT_ERRNO(EEXIST, map_fixed(fd, ioas, self->buf.p, base + pg, 2 * pg, IOAS_MAP_RW));
	EXPECT_ERRNO(EOPNOTSUPP, map_fixed(fd, ioas, self->buf.p, base + 2 * pg, pg,
					   IOAS_MAP_RW | (1u << 3)));
	EXPECT_ERRNO(EINVAL, map_fixed(fd, ioas, self->buf.p, base + 2 * pg, pg, 0));
	EXPECT_ERRNO(EOVERFLOW, map_fixed(fd, ioas, self->buf.p, UINT64_MAX, pg, IOAS_MAP_RW));
	EXPECT_ERRNO(EOVERFLOW, map_fixed(fd, ioas, self->buf.p, base + 2 * pg, UINT64_MAX,
					  IOAS_MAP_RW));
	/* without FIXED_IOVA the kernel picks a free, usable IOVA */
	iova = 0;
	ASSERT_EQ(0, __iommufd_ioas_map(fd, ioas, IOAS_MAP_RW, (uintptr_t)self->buf.p, pg, &iova));
	EXPECT_TRUE(iova_ranges_fit_one(self->r, self->nr, iova, iova + pg - 1))
		TH_LOG("the kernel chose IOVA 0x%" PRIx64 " outside the ranges", iova);
}

/*
 * A81: IOAS_UNMAP of a range with nothing in it is ENOENT (compat and
 * type1 say 0), and so is one that cuts a mapping; length 0 is EINVAL;
 * {0, U64_MAX} takes everything, saying how much.
 */
TEST_F(iommufd_ioas, unmap_rules)
{
	const uint64_t pg = live.page;
	int fd = self->b.iommufd;
	uint32_t ioas = self->b.ioas;
	uint64_t base, len;

	ASSERT_EQ(0, iova_ranges_first_fit(self->r, self->nr, pg, 4, &base));
	len = pg;
	EXPECT_ERRNO(ENOENT, __iommufd_ioas_unmap(fd, ioas, base, &len)) TH_LOG("nothing mapped");
	ASSERT_EQ(0, map_fixed(fd, ioas, self->buf.p, base, 2 * pg, IOAS_MAP_RW));
	ASSERT_EQ(0, map_fixed(fd, ioas, self->buf.p, base + 2 * pg, pg, IOAS_MAP_RW));
	len = pg;
	EXPECT_ERRNO(ENOENT, __iommufd_ioas_unmap(fd, ioas, base, &len)) TH_LOG("cutting a mapping");
	len = 0;
	EXPECT_ERRNO(EINVAL, __iommufd_ioas_unmap(fd, ioas, base, &len));
	len = UINT64_MAX;
	EXPECT_EQ(0, __iommufd_ioas_unmap(fd, ioas, 0, &len));
	EXPECT_EQ(3 * pg, len) TH_LOG("unmap-all reports 0x%" PRIx64 " bytes", len);
	len = UINT64_MAX;
	EXPECT_EQ(0, __iommufd_ioas_unmap(fd, ioas, 0, &len)) TH_LOG("unmap-all of an empty IOAS");
	EXPECT_EQ(0, len);
}

IOMMUFD_MAIN
