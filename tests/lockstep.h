/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_TESTS_LOCKSTEP_H
#define VFIOC_TESTS_LOCKSTEP_H

/*
 * A container and the reference model of type1 (lib/type1_model.c) driven
 * in lockstep: the same request to both, the kernel's answer against the
 * model's, and the kernel's state (DMA_AVAIL, which IOVAs are mapped)
 * against the model's. Shared by the random runs (differential) and the
 * named rule-in-state tests (rules). Include after live.h.
 */
#include <sys/ioctl.h>

#include "module_param.h"
#include "type1_model.h"

enum lockstep_op { OP_MAP, OP_UNMAP, OP_DIRTY };

struct lockstep_request {
	enum lockstep_op op;
	struct type1_map_req map;
	struct type1_unmap_req unmap;
	uint32_t dirty_flags;
};

struct lockstep {
	int container;
	uint64_t granule, probe_vaddr;	/* a granule of memory only probes use */
	bool check_avail;		/* the kernel reports DMA_AVAIL */
	bool top_mappable, end_refused;
	uint64_t aperture_end;		/* the last range's end */
	uint64_t bitmap[512];		/* dirty bitmaps: 32768 granules */
};

/*
 * A container of the first device's group with backend type, and with
 * dma_entry_limit at limit for it when limit > 0 (the kernel copies the
 * limit at SET_IOMMU; it is back before this returns, and after any crash
 * too, module_param.h); 0 or -errno, p saying why.
 */
static inline int lockstep_open(int *container, int *group, unsigned long type, long limit,
				struct problem *p)
{
	struct param_guard guard = { 0 };
	int ret;

	if (limit > 0 && (ret = __module_param_set_guarded(MODULE_SYSFS, "vfio_iommu_type1",
							   "dma_entry_limit", limit, &guard, p)))
		return ret;
	*container = __vfio_container_open();
	*group = __vfio_group_open(live.duts[0].group);
	ret = *container < 0 ? *container : *group < 0 ? *group :
	      __vfio_group_set_container(*group, *container);
	if (!ret)
		ret = __vfio_set_iommu(*container, type);
	if (module_param_restore(&guard) && !ret)
		ret = -EIO;
	if (ret && limit > 0)
		problem_set(p, 1, "opening a container with dma_entry_limit %ld: %s", limit,
			    strerror(-ret));
	else if (ret)
		problem_set(p, 1, "opening a container: %s", strerror(-ret));
	return ret;
}

/* The kernel changes the model depends on, decided once per process
 * (lockstep_decide before the harness forks keeps its "# " lines to one
 * set): 1 or 0 each. */
static struct lockstep_kernel {
	bool decided;
	bool vaddr_and_all, dirty_tracking, wrap_is_eoverflow, dma_avail_cap,
	     top_granule_mappable, s390_end_mappable;
} lockstep_kernel;

/* 0, or -1 when a change cannot be decided (said). */
static inline int lockstep_decide(int fd)
{
	int v[6];

	if (lockstep_kernel.decided)
		return 0;
	v[0] = live_kernel_has(fd, "unmap_all_and_vaddr");
	v[1] = live_kernel_has(fd, "migration_cap");
	v[2] = live_kernel_has(fd, "map_wrap_is_eoverflow");
	v[3] = live_kernel_has(fd, "dma_avail_cap");
	v[4] = live_kernel_has(fd, "top_granule_mappable");
	v[5] = live_kernel_has(fd, "s390_aperture_end_mappable");
	for (int i = 0; i < 6; i++)
		if (v[i] < 0)
			return -1;
	lockstep_kernel = (struct lockstep_kernel){ true, v[0], v[1], v[2], v[3], v[4], v[5] };
	return 0;
}

/*
 * The model's config for the container ls opened, the kernel placed on
 * each change's side by fixtures/kernel-changes.ini.
 */
#define LOCKSTEP_INIT(ls, cfg, fd, io, type, limit, probe_va)                  \
	do {                                                                   \
		ASSERT_EQ(0, lockstep_decide(fd));                             \
		memset(&(ls), 0, sizeof(ls));                                  \
		memset(&(cfg), 0, sizeof(cfg));                                \
		(ls).container = (fd);                                         \
		(ls).granule = (io)->granule;                                  \
		(ls).probe_vaddr = (probe_va);                                 \
		(cfg).v2 = (type) == VFIO_TYPE1v2_IOMMU;                       \
		(cfg).pgsizes = (io)->pgsizes;                                 \
		(cfg).dma_limit = (limit);                                     \
		(cfg).nr_ranges = (io)->nr < TYPE1_MODEL_MAX_RANGES ? (io)->nr : TYPE1_MODEL_MAX_RANGES; \
		memcpy((cfg).ranges, (io)->r, (cfg).nr_ranges * sizeof((io)->r[0])); \
		(cfg).has_vaddr_and_all = lockstep_kernel.vaddr_and_all;       \
		(cfg).has_dirty_tracking = lockstep_kernel.dirty_tracking;     \
		(cfg).wrap_is_eoverflow = lockstep_kernel.wrap_is_eoverflow;   \
		(ls).check_avail = lockstep_kernel.dma_avail_cap;              \
		(ls).top_mappable = (cfg).reaches_the_top = lockstep_kernel.top_granule_mappable; \
		(ls).end_refused = !lockstep_kernel.s390_end_mappable;         \
		(ls).aperture_end = (io)->nr ? (io)->r[(io)->nr - 1].end : UINT64_MAX; \
	} while (0)

/*
 * Whether a MAP is one never to ask: of the top granule where the kernel
 * leaks it (before 1196f1f897d4, H18), or of the aperture's last granule
 * where s390-iommu refuses it (a known defect before a4d996c2c4b5, which
 * reserved_windows reports).
 */
static inline bool lockstep_avoided(const struct lockstep *ls, uint64_t iova, uint64_t size)
{
	uint64_t last = iova + size - 1;

	if (!size || last < iova)
		return false;
	if (!ls->top_mappable && last == UINT64_MAX)
		return true;
	return ls->end_refused && iova <= ls->aperture_end && last >= ls->aperture_end;
}

static inline void lockstep_describe(const struct lockstep_request *s, char *out, size_t len)
{
	switch (s->op) {
	case OP_MAP:
		snprintf(out, len, "MAP argsz %u flags 0x%x iova 0x%llx size 0x%llx vaddr 0x%llx",
			 s->map.argsz, s->map.flags, (unsigned long long)s->map.iova,
			 (unsigned long long)s->map.size, (unsigned long long)s->map.vaddr);
		break;
	case OP_UNMAP:
		snprintf(out, len, "UNMAP argsz %u flags 0x%x iova 0x%llx size 0x%llx%s",
			 s->unmap.argsz, s->unmap.flags, (unsigned long long)s->unmap.iova,
			 (unsigned long long)s->unmap.size,
			 s->unmap.flags & VFIO_DMA_UNMAP_FLAG_GET_DIRTY_BITMAP ? " with a bitmap" : "");
		break;
	case OP_DIRTY:
		snprintf(out, len, "DIRTY_PAGES flags 0x%x", s->dirty_flags);
		break;
	}
}

/* The request to the kernel: 0 or the errno; *size what UNMAP left in it. */
static inline int lockstep_issue(struct lockstep *ls, const struct lockstep_request *s,
				 uint64_t *size)
{
	struct {
		struct vfio_iommu_type1_dma_unmap u;
		uint64_t pgsize, bitmap_size, data;	/* struct vfio_bitmap */
	} un;
	struct vfio_iommu_type1_dma_map mp;
	struct vfio_iommu_type1_dirty_bitmap d;
	int ret;

	switch (s->op) {
	case OP_MAP:
		mp = (struct vfio_iommu_type1_dma_map){ s->map.argsz, s->map.flags, s->map.vaddr,
							s->map.iova, s->map.size };
		ret = ioctl(ls->container, VFIO_IOMMU_MAP_DMA, &mp);
		*size = mp.size;
		break;
	case OP_UNMAP:
		memset(&un, 0, sizeof(un));
		un.u.argsz = s->unmap.argsz;
		un.u.flags = s->unmap.flags;
		un.u.iova = s->unmap.iova;
		un.u.size = s->unmap.size;
		un.pgsize = s->unmap.bitmap_pgsize;
		un.bitmap_size = sizeof(ls->bitmap);
		un.data = (uintptr_t)ls->bitmap;
		ret = ioctl(ls->container, VFIO_IOMMU_UNMAP_DMA, &un);
		*size = un.u.size;
		break;
	default:
		d = (struct vfio_iommu_type1_dirty_bitmap){ sizeof(d), s->dirty_flags };
		ret = ioctl(ls->container, VFIO_IOMMU_DIRTY_PAGES, &d);
		*size = 0;
		break;
	}
	return ret < 0 ? errno : 0;
}

/* The model's answer; err -1 for a request it does not decide. */
static inline struct type1_outcome lockstep_predict(struct type1_model *m,
						    const struct lockstep_request *s)
{
	switch (s->op) {
	case OP_MAP:
		return type1_model_map(m, &s->map);
	case OP_UNMAP:
		return type1_model_unmap(m, &s->unmap);
	default:
		return (struct type1_outcome){ type1_model_dirty(m, 8, s->dirty_flags), 0 };
	}
}

/*
 * The request to both, the answers compared: "" in out when they agree,
 * else what differed. *want is the model's answer (err -1: not sent).
 */
static inline void lockstep_step(struct lockstep *ls, struct type1_model *m,
				 const struct lockstep_request *s, struct type1_outcome *want,
				 char *out, size_t len)
{
	char what[200];
	uint64_t size;
	int err;

	out[0] = 0;
	*want = lockstep_predict(m, s);
	if (want->err < 0)
		return;
	err = lockstep_issue(ls, s, &size);
	lockstep_describe(s, what, sizeof(what));
	if (err != want->err)
		snprintf(out, len, "%s: %s, the model %s", what, err ? strerror(err) : "0",
			 want->err ? strerror(want->err) : "0");
	else if (s->op != OP_DIRTY && size != want->size)
		snprintf(out, len, "%s: size 0x%llx written back, the model 0x%llx", what,
			 (unsigned long long)size, (unsigned long long)want->size);
}

/* A one-granule MAP probe at iova, as the kernel answers it (0 or the
 * errno; one that succeeded is undone at once, *undo_size what that UNMAP
 * reported). */
static inline int lockstep_probe(struct lockstep *ls, uint64_t iova, uint64_t *undo_size)
{
	int ret = __vfio_map_dma(ls->container, ls->probe_vaddr, iova, ls->granule, VFIO_RW);

	*undo_size = ls->granule;
	if (ret == 0)
		ret = __vfio_unmap_dma(ls->container, iova, ls->granule, 0, undo_size) ? -EIO : 0;
	return -ret;
}

/*
 * The kernel's state against the model's: DMA_AVAIL, then a probe of each
 * IOVA, whose answer must be the model's to the same request (EEXIST where
 * it holds a mapping, 0 where a granule is free, EINVAL outside the ranges,
 * ENOSPC at the limit). "" in out when they agree.
 */
static inline void lockstep_compare(struct lockstep *ls, const struct type1_model *m,
				    const uint64_t *iovas, unsigned int n, char *out, size_t len)
{
	struct problem p;
	uint32_t avail;

	out[0] = 0;
	if (ls->check_avail) {
		if (__iommu_dma_avail(ls->container, &avail, &p)) {
			snprintf(out, len, "DMA_AVAIL unreadable: %s", p.text);
			return;
		}
		if (avail != m->avail) {
			snprintf(out, len, "DMA_AVAIL %u, the model %u", avail, m->avail);
			return;
		}
	}
	for (unsigned int i = 0; i < n; i++) {
		uint64_t iova = iovas[i] & ~(ls->granule - 1), undone;
		struct type1_map_req r = { 32, VFIO_RW, ls->probe_vaddr, iova, ls->granule };
		struct type1_model scratch;
		int want, seen;

		if (lockstep_avoided(ls, iova, ls->granule) || type1_model_copy(&scratch, m))
			continue;
		want = type1_model_map(&scratch, &r).err;
		type1_model_free(&scratch);
		seen = lockstep_probe(ls, iova, &undone);
		if (seen == EIO) {
			snprintf(out, len, "a one-granule MAP probe at IOVA 0x%llx succeeded; undoing it, UNMAP %s 0x%llx",
				 (unsigned long long)iova, undone == ls->granule ? "failed, size" : "reported",
				 (unsigned long long)undone);
			return;
		}
		if (seen != want) {
			snprintf(out, len, "a one-granule MAP probe at IOVA 0x%llx: %s, the model %s (it holds %s there)",
				 (unsigned long long)iova, seen ? strerror(seen) : "0",
				 want ? strerror(want) : "0",
				 type1_model_lookup(m, iova) ? "a mapping" : "no mapping");
			return;
		}
	}
}

#endif
