// SPDX-License-Identifier: GPL-2.0-only
/*
 * The type1 reference model: each function follows its kernel function's
 * order of checks, which is what decides the errno of a request that
 * breaks several rules at once.
 */
#include "type1_model.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The uapi's flag values, spelled out: a header old enough to lack them
 * must still build the model of a kernel that has them. */
#define MAP_READ	(1u << 0)
#define MAP_WRITE	(1u << 1)
#define MAP_VADDR	(1u << 2)
#define UNMAP_BITMAP	(1u << 0)
#define UNMAP_ALL	(1u << 1)
#define UNMAP_VADDR	(1u << 2)
#define DIRTY_START	(1u << 0)
#define DIRTY_STOP	(1u << 1)
#define DIRTY_BITMAP	(1u << 2)
/* offsetofend(struct vfio_iommu_type1_dma_map, size), and unmap's */
#define MAP_MINSZ	32u
#define UNMAP_MINSZ	24u
#define UNMAP_BITMAP_MINSZ (UNMAP_MINSZ + 24u)	/* + struct vfio_bitmap */
#define DIRTY_MINSZ	8u

int type1_model_init(struct type1_model *m, const struct type1_model_config *cfg)
{
	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	if (m->cfg.nr_ranges > TYPE1_MODEL_MAX_RANGES)
		m->cfg.nr_ranges = TYPE1_MODEL_MAX_RANGES;
	m->granule = cfg->pgsizes & -cfg->pgsizes;
	m->avail = cfg->dma_limit;
	return 0;
}

void type1_model_free(struct type1_model *m)
{
	free(m->maps);
	m->maps = NULL;
	m->count = m->capacity = 0;
}

int type1_model_copy(struct type1_model *dst, const struct type1_model *src)
{
	*dst = *src;
	dst->maps = NULL;
	dst->capacity = 0;
	if (!src->count)
		return 0;
	dst->maps = malloc(src->count * sizeof(*dst->maps));
	if (!dst->maps)
		return ENOMEM;
	memcpy(dst->maps, src->maps, src->count * sizeof(*dst->maps));
	dst->capacity = src->count;
	return 0;
}

static uint64_t last_of(const struct type1_model_mapping *d)
{
	return d->iova + d->size - 1;
}

/* The first mapping (lowest iova) overlapping [first, last], as an index,
 * or m->count. */
static size_t first_overlap(const struct type1_model *m, uint64_t first, uint64_t last)
{
	for (size_t i = 0; i < m->count; i++) {
		if (m->maps[i].iova > last)
			break;
		if (last_of(&m->maps[i]) >= first)
			return i;
	}
	return m->count;
}

/* vfio_iommu_iova_dma_valid: inside one range; no ranges, all valid */
static bool inside_one_range(const struct type1_model *m, uint64_t first, uint64_t last)
{
	if (!m->cfg.nr_ranges)
		return true;
	for (uint32_t i = 0; i < m->cfg.nr_ranges; i++)
		if (m->cfg.ranges[i].start <= first && last <= m->cfg.ranges[i].end)
			return true;
	return false;
}

static int insert(struct type1_model *m, const struct type1_model_mapping *d)
{
	size_t at = 0;

	if (m->count == m->capacity) {
		size_t cap = m->capacity ? m->capacity * 2 : 16;
		struct type1_model_mapping *n = realloc(m->maps, cap * sizeof(*n));

		if (!n)
			return ENOMEM;
		m->maps = n;
		m->capacity = cap;
	}
	while (at < m->count && m->maps[at].iova < d->iova)
		at++;
	memmove(&m->maps[at + 1], &m->maps[at], (m->count - at) * sizeof(*d));
	m->maps[at] = *d;
	m->count++;
	return 0;
}

static void remove_at(struct type1_model *m, size_t i)
{
	memmove(&m->maps[i], &m->maps[i + 1], (m->count - i - 1) * sizeof(m->maps[0]));
	m->count--;
	m->avail++;
}

static struct type1_outcome fail(int err, uint64_t size)
{
	return (struct type1_outcome){ .err = err, .size = size };
}

/*
 * vfio_iommu_type1_map_dma, then vfio_dma_do_map. From 6.18 (6012379ede6a)
 * the range checks come first and a wrap is EOVERFLOW; before, a wrap is
 * EINVAL after the flag and alignment checks.
 */
struct type1_outcome type1_model_map(struct type1_model *m, const struct type1_map_req *r)
{
	uint32_t known = MAP_READ | MAP_WRITE | (m->cfg.has_vaddr_and_all ? MAP_VADDR : 0);
	bool set_vaddr = r->flags & MAP_VADDR;
	bool prot = r->flags & (MAP_READ | MAP_WRITE);
	bool wraps = r->iova + r->size - 1 < r->iova || r->vaddr + r->size - 1 < r->vaddr;
	uint64_t g = m->granule;
	size_t i;

	if (r->argsz < MAP_MINSZ || (r->flags & ~known))
		return fail(EINVAL, r->size);
	if (m->cfg.wrap_is_eoverflow) {
		if (!r->size)
			return fail(EINVAL, r->size);
		if (wraps)
			return fail(EOVERFLOW, r->size);
	}
	if (prot == set_vaddr)
		return fail(EINVAL, r->size);
	if (!r->size || ((r->size | r->iova | r->vaddr) & (g - 1)))
		return fail(EINVAL, r->size);
	if (wraps)
		return fail(EINVAL, r->size);

	i = first_overlap(m, r->iova, r->iova + r->size - 1);
	if (set_vaddr) {
		struct type1_model_mapping *d = i < m->count ? &m->maps[i] : NULL;

		if (!d)
			return fail(ENOENT, r->size);
		if (!d->vaddr_invalid || d->iova != r->iova || d->size != r->size)
			return fail(EINVAL, r->size);
		d->vaddr = r->vaddr;
		d->vaddr_invalid = false;
		return fail(0, r->size);
	}
	if (i < m->count)
		return fail(EEXIST, r->size);
	if (!m->avail)
		return fail(ENOSPC, r->size);
	if (!inside_one_range(m, r->iova, r->iova + r->size - 1))
		return fail(EINVAL, r->size);
	if (insert(m, &(struct type1_model_mapping){ r->iova, r->size, r->vaddr, false }))
		return fail(ENOMEM, r->size);
	m->avail--;
	return fail(0, r->size);
}

/*
 * vfio_iommu_type1_unmap_dma, then vfio_dma_do_unmap: v2 refuses to cut a
 * mapping; v1 stops, successfully, at a mapping that starts before the
 * request and removes whole every mapping whose first IOVA it covers.
 * VADDR invalidates instead of removing, and undoes itself when it meets a
 * vaddr already invalid.
 */
struct type1_outcome type1_model_unmap(struct type1_model *m, const struct type1_unmap_req *r)
{
	uint32_t known = UNMAP_BITMAP | (m->cfg.has_vaddr_and_all ? UNMAP_ALL | UNMAP_VADDR : 0);
	bool all = r->flags & UNMAP_ALL, vaddr = r->flags & UNMAP_VADDR;
	uint64_t g = m->granule, iova = r->iova, last, unmapped = 0;
	size_t i, first;

	if (!m->cfg.has_dirty_tracking)
		known &= ~UNMAP_BITMAP;
	if (r->argsz < UNMAP_MINSZ || (r->flags & ~known))
		return fail(EINVAL, r->size);
	if ((r->flags & UNMAP_BITMAP) && (r->flags & (UNMAP_ALL | UNMAP_VADDR)))
		return fail(EINVAL, r->size);
	if ((r->flags & UNMAP_BITMAP) && r->argsz < UNMAP_BITMAP_MINSZ)
		return fail(EINVAL, r->size);

	if (iova & (g - 1))
		return fail(EINVAL, r->size);
	if (all) {
		if (iova || r->size)
			return fail(EINVAL, r->size);
		last = UINT64_MAX - 1;	/* iova + U64_MAX - 1 */
	} else {
		if (!r->size || (r->size & (g - 1)))
			return fail(EINVAL, r->size);
		if (iova + r->size - 1 < iova)
			return fail(m->cfg.wrap_is_eoverflow ? EOVERFLOW : EINVAL, r->size);
		last = iova + r->size - 1;
	}
	if ((r->flags & UNMAP_BITMAP) && (!m->dirty_tracking || r->bitmap_pgsize != g))
		return fail(EINVAL, r->size);

	if (m->cfg.v2 && !all) {
		for (i = 0; i < m->count; i++) {
			const struct type1_model_mapping *d = &m->maps[i];

			if (d->iova < iova && last_of(d) >= iova)
				return fail(EINVAL, r->size);
			if (d->iova <= last && last_of(d) > last)
				return fail(EINVAL, r->size);
		}
	}

	/* vfio_dma_do_unmap's loop ends at dma->iova >= iova + size, which
	 * is 0 for a range that ends at 2^64-1: nothing is removed */
	if (!all && last == UINT64_MAX && !m->cfg.reaches_the_top)
		return fail(0, 0);

	first = i = first_overlap(m, iova, last);
	/* v1 stops at a mapping that starts before the request, but older
	 * kernels (5.10) meet the mappings in their rb-tree's search order,
	 * not the IOVAs': others in the range may go first or not. */
	if (!m->cfg.v2 && !all && i < m->count && m->maps[i].iova < iova &&
	    i + 1 < m->count && m->maps[i + 1].iova <= last)
		return fail(-1, r->size);
	while (i < m->count && m->maps[i].iova <= last) {
		struct type1_model_mapping *d = &m->maps[i];

		if (!m->cfg.v2 && iova > d->iova)
			break;
		if (vaddr) {
			if (d->vaddr_invalid) {
				for (size_t j = first; j < i; j++)
					m->maps[j].vaddr_invalid = false;
				return fail(EINVAL, r->size);
			}
			d->vaddr_invalid = true;
			unmapped += d->size;
			i++;
			continue;
		}
		unmapped += d->size;
		remove_at(m, i);
	}
	return fail(0, unmapped);
}

/* vfio_iommu_type1_dirty_pages for START and STOP; -1 for a request the
 * model does not decide (no flag at all: the kernel compares __ffs(0) with
 * __fls(0), which no architecture defines). */
int type1_model_dirty(struct type1_model *m, uint32_t argsz, uint32_t flags)
{
	if (!m->cfg.has_dirty_tracking)
		return ENOTTY;
	if (!m->cfg.v2)
		return EACCES;
	if (argsz < DIRTY_MINSZ || (flags & ~(DIRTY_START | DIRTY_STOP | DIRTY_BITMAP)))
		return EINVAL;
	if (!flags)
		return -1;
	if (flags & (flags - 1))
		return EINVAL;
	if (flags & DIRTY_START)
		m->dirty_tracking = true;
	else if (flags & DIRTY_STOP)
		m->dirty_tracking = false;
	else
		return -1;
	return 0;
}

const struct type1_model_mapping *type1_model_lookup(const struct type1_model *m,
						     uint64_t iova)
{
	size_t i = first_overlap(m, iova, iova);

	return i < m->count ? &m->maps[i] : NULL;
}

uint64_t type1_model_mapped_bytes(const struct type1_model *m)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < m->count; i++)
		sum += m->maps[i].size;
	return sum;
}

size_t type1_model_invalid_vaddrs(const struct type1_model *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->count; i++)
		n += m->maps[i].vaddr_invalid;
	return n;
}
