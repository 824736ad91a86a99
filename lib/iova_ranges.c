// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>

#include "iova_ranges.h"

int iova_ranges_validate(const struct iova_range *r, size_t n,
			 struct problem *p)
{
	problem_clear(p);
	for (size_t i = 0; i < n; i++) {
		if (r[i].start > r[i].end)
			return problem_set(p, IOVA_START_AFTER_END,
					   "range %zu [0x%" PRIx64 "-0x%" PRIx64 "]: start after end",
					   i, r[i].start, r[i].end);
		if (i == 0)
			continue;
		if (r[i].start < r[i - 1].start)
			return problem_set(p, IOVA_UNSORTED,
					   "range %zu starts at 0x%" PRIx64 ", before range %zu at 0x%" PRIx64,
					   i, r[i].start, i - 1, r[i - 1].start);
		if (r[i].start <= r[i - 1].end)
			return problem_set(p, IOVA_OVERLAP,
					   "range %zu [0x%" PRIx64 "-0x%" PRIx64 "] overlaps range %zu [0x%" PRIx64 "-0x%" PRIx64 "]",
					   i, r[i].start, r[i].end, i - 1,
					   r[i - 1].start, r[i - 1].end);
		if (r[i].start == r[i - 1].end + 1)
			return problem_set(p, IOVA_ADJACENT,
					   "range %zu starts at 0x%" PRIx64 ", right after range %zu ends: no gap",
					   i, r[i].start, i - 1);
	}
	return IOVA_LIST_OK;
}

static size_t put(struct iova_range *out, size_t n, size_t max, uint64_t start,
		  uint64_t end)
{
	if (n < max)
		out[n] = (struct iova_range){ start, end };
	return n + 1;
}

size_t iova_ranges_complement(const struct iova_range *r, size_t n,
			      uint64_t lo, uint64_t hi, struct iova_range *out,
			      size_t max)
{
	size_t count = 0;
	uint64_t cursor = lo;	/* first address not yet accounted for */

	if (lo > hi)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (r[i].end < cursor)
			continue;
		if (r[i].start > hi)
			break;
		if (r[i].start > cursor)
			count = put(out, count, max, cursor, r[i].start - 1);
		if (r[i].end >= hi)
			return count;
		cursor = r[i].end + 1;
	}
	return put(out, count, max, cursor, hi);
}

size_t iova_ranges_intersect(const struct iova_range *a, size_t na,
			     const struct iova_range *b, size_t nb,
			     struct iova_range *out, size_t max)
{
	size_t i = 0, j = 0, count = 0;

	while (i < na && j < nb) {
		uint64_t start = a[i].start > b[j].start ? a[i].start : b[j].start;
		uint64_t end = a[i].end < b[j].end ? a[i].end : b[j].end;

		if (start <= end)
			count = put(out, count, max, start, end);
		if (a[i].end < b[j].end)
			i++;
		else
			j++;
	}
	return count;
}

bool iova_ranges_fit_one(const struct iova_range *r, size_t n, uint64_t first,
			 uint64_t last)
{
	if (first > last)
		return false;
	for (size_t i = 0; i < n; i++)
		if (r[i].start <= first && last <= r[i].end)
			return true;
	return false;
}

bool iova_range_overlaps(struct iova_range a, struct iova_range b)
{
	return a.start <= b.end && b.start <= a.end;
}

bool iova_ranges_cover(const struct iova_range *cover, size_t n,
		       struct iova_range target)
{
	uint64_t cursor = target.start;

	/* advance cursor through any range containing it; n passes suffice */
	for (size_t pass = 0; pass <= n; pass++) {
		bool moved = false;

		for (size_t i = 0; i < n; i++) {
			if (cover[i].start > cursor || cover[i].end < cursor)
				continue;
			if (cover[i].end >= target.end)
				return true;
			cursor = cover[i].end + 1;
			moved = true;
		}
		if (!moved)
			return false;
	}
	return false;
}

int iova_ranges_first_fit(const struct iova_range *r, size_t n, uint64_t granule,
			  uint64_t count, uint64_t *base)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t start = (r[i].start + granule - 1) & ~(granule - 1);

		/* start wrapped past 2^64, or the range holds no aligned granule */
		if (start < r[i].start || start > r[i].end)
			continue;
		if (r[i].end - start >= count * granule) {
			*base = start;
			return 0;
		}
	}
	return -1;
}
