/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_TYPE1_MODEL_H
#define VFIOC_TYPE1_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iova_ranges.h"

/*
 * A reference model of type1's MAP_DMA / UNMAP_DMA / DIRTY_PAGES semantics
 * (SPEC §3, §4, A69-A72; vfio_iommu_type1.c's vfio_dma_do_map and
 * vfio_dma_do_unmap and their ioctl wrappers), with no ioctl: given the
 * container's state and a request as userspace passes it, the errno the
 * kernel returns, what UNMAP writes back, DMA_AVAIL after it and which IOVAs
 * are mapped. The checks run in the kernel's order; where a kernel change
 * moved a check or changed an errno, the config says which side the kernel
 * is on (fixtures/kernel-changes.ini decides it, never this file).
 * Requests with bad user pointers (EFAULT) and pinning failures (ENOMEM)
 * are outside it: the kernel's answer depends on memory, not on state.
 */

#define TYPE1_MODEL_MAX_RANGES 64

struct type1_model_config {
	bool v2;			/* VFIO_TYPE1v2_IOMMU, else v1 */
	uint64_t pgsizes;		/* iova_pgsizes: the granule is its lowest bit */
	uint32_t dma_limit;		/* dma_entry_limit when SET_IOMMU ran */
	struct iova_range ranges[TYPE1_MODEL_MAX_RANGES];	/* none: all valid */
	uint32_t nr_ranges;
	bool has_vaddr_and_all;		/* unmap_all_and_vaddr (5.12) */
	bool has_dirty_tracking;	/* migration_cap (5.8) */
	bool wrap_is_eoverflow;		/* map_wrap_is_eoverflow (6.18) */
	bool reaches_the_top;		/* top_granule_mappable (6.18): before
					 * it an UNMAP ending at 2^64-1 stops
					 * at once (iova + size wraps to 0) */
};

struct type1_model_mapping {
	uint64_t iova, size, vaddr;
	bool vaddr_invalid;
};

struct type1_model {
	struct type1_model_config cfg;
	uint64_t granule;
	uint32_t avail;
	bool dirty_tracking;
	struct type1_model_mapping *maps;	/* sorted by iova, disjoint */
	size_t count, capacity;
};

/* The request as the ioctl reads it (struct vfio_iommu_type1_dma_map). */
struct type1_map_req {
	uint32_t argsz, flags;
	uint64_t vaddr, iova, size;
};

/* struct vfio_iommu_type1_dma_unmap, with the bitmap that may follow it. */
struct type1_unmap_req {
	uint32_t argsz, flags;
	uint64_t iova, size;
	uint64_t bitmap_pgsize;		/* with GET_DIRTY_BITMAP */
};

/* What the kernel answers: 0 or a positive errno, and the size it wrote
 * back (UNMAP on success only; the request's own size otherwise); err -1
 * for a request kernels answer differently with no change to name for it
 * (the model's state is then untouched: do not send it). */
struct type1_outcome {
	int err;
	uint64_t size;
};

/* A fresh container after SET_IOMMU; 0, or ENOMEM. */
int type1_model_init(struct type1_model *m, const struct type1_model_config *cfg);
void type1_model_free(struct type1_model *m);
/* An independent copy (the shortest failing sequence is replayed on one). */
int type1_model_copy(struct type1_model *dst, const struct type1_model *src);

struct type1_outcome type1_model_map(struct type1_model *m, const struct type1_map_req *r);
struct type1_outcome type1_model_unmap(struct type1_model *m, const struct type1_unmap_req *r);
/* VFIO_IOMMU_DIRTY_PAGES with START or STOP (flags as the uapi's). */
int type1_model_dirty(struct type1_model *m, uint32_t argsz, uint32_t flags);

/* The mapping that holds iova, or NULL. */
const struct type1_model_mapping *type1_model_lookup(const struct type1_model *m,
						     uint64_t iova);
/* Bytes mapped in all. */
uint64_t type1_model_mapped_bytes(const struct type1_model *m);
size_t type1_model_invalid_vaddrs(const struct type1_model *m);

#endif
