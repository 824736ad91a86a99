// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>

#include "ranges_vs_regions.h"

size_t ranges_overlapping_regions(const struct iova_range *r, size_t n,
				  const struct resv_region *regions, size_t nregions,
				  struct problem *p)
{
	size_t bad = 0;

	problem_clear(p);
	for (size_t i = 0; i < nregions; i++) {
		if (regions[i].type == RESV_DIRECT_RELAXABLE)
			continue;
		for (size_t j = 0; j < n; j++) {
			if (!iova_range_overlaps(regions[i].range, r[j]))
				continue;
			if (!bad++)
				problem_set(p, 1, "%s region [0x%" PRIx64 "-0x%" PRIx64
					    "] overlaps range %zu [0x%" PRIx64 "-0x%" PRIx64 "]",
					    resv_type_name(regions[i].type), regions[i].range.start,
					    regions[i].range.end, j, r[j].start, r[j].end);
		}
	}
	return bad;
}

size_t gaps_not_reserved(const struct iova_range *r, size_t n,
			 const struct resv_region *regions, size_t nregions,
			 struct problem *p)
{
	struct iova_range cover[nregions ? nregions : 1];
	size_t kept = 0, bad = 0;

	problem_clear(p);
	for (size_t i = 0; i < nregions; i++)
		if (regions[i].type != RESV_DIRECT_RELAXABLE)
			cover[kept++] = regions[i].range;
	for (size_t j = 1; j < n; j++) {
		struct iova_range gap = { r[j - 1].end + 1, r[j].start - 1 };

		if (iova_ranges_cover(cover, kept, gap))
			continue;
		if (!bad++)
			problem_set(p, 1, "gap [0x%" PRIx64 "-0x%" PRIx64 "] between ranges %zu and %zu "
				    "is no reserved region", gap.start, gap.end, j - 1, j);
	}
	return bad;
}
