/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_RANGES_VS_REGIONS_H
#define VFIOC_RANGES_VS_REGIONS_H

#include <stddef.h>

#include "iova_ranges.h"
#include "problem.h"
#include "sysfs_iommu.h"

/*
 * The rule tying usable IOVA ranges (type1's IOVA_RANGE cap, compat's, an
 * IOAS's) to the group's reserved regions (SPEC A35, A36, A80): no region
 * the kernel keeps -- every type but direct-relaxable, which VFIO leaves
 * mappable -- lies in a range, and every gap between ranges is such a
 * region. Each returns how many places break it, the first said in p.
 */
size_t ranges_overlapping_regions(const struct iova_range *r, size_t n,
				  const struct resv_region *regions, size_t nregions,
				  struct problem *p);
size_t gaps_not_reserved(const struct iova_range *r, size_t n,
			 const struct resv_region *regions, size_t nregions,
			 struct problem *p);

#endif
