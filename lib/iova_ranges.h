/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_IOVA_RANGES_H
#define VFIOC_IOVA_RANGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "problem.h"

/* An IOVA interval with an inclusive end, as VFIO and sysfs report them. */
struct iova_range {
	uint64_t start;
	uint64_t end;
};

enum iova_list_status {
	IOVA_LIST_OK = 0,
	IOVA_START_AFTER_END,
	IOVA_UNSORTED,
	IOVA_OVERLAP,
	IOVA_ADJACENT,	/* end + 1 == next start: no gap between them */
};

/*
 * Checks a list is what the IOVA_RANGE cap promises: each start <= end,
 * ascending, disjoint and separated by a gap. Names the first offender.
 */
int iova_ranges_validate(const struct iova_range *r, size_t n,
			 struct problem *p);

/*
 * The parts of [lo, hi] covered by no range of a validated list; returns
 * how many there are (more than max means out holds only the first max).
 */
size_t iova_ranges_complement(const struct iova_range *r, size_t n,
			      uint64_t lo, uint64_t hi, struct iova_range *out,
			      size_t max);

/* The pairwise intersection of two validated lists, same return rule. */
size_t iova_ranges_intersect(const struct iova_range *a, size_t na,
			     const struct iova_range *b, size_t nb,
			     struct iova_range *out, size_t max);

/* Does [first, last] lie inside one single range? */
bool iova_ranges_fit_one(const struct iova_range *r, size_t n, uint64_t first,
			 uint64_t last);

bool iova_range_overlaps(struct iova_range a, struct iova_range b);

/*
 * The first granule-aligned address from which count granules lie inside
 * one range (where MAP tests put mappings): 0 with *base, or -1.
 */
int iova_ranges_first_fit(const struct iova_range *r, size_t n, uint64_t granule,
			  uint64_t count, uint64_t *base);

/*
 * Is every address of target inside some range of cover? cover may be in
 * any order and may overlap (reserved regions of different types do).
 */
bool iova_ranges_cover(const struct iova_range *cover, size_t n,
		       struct iova_range target);

#endif
