/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_INFO_CHAIN_H
#define VFIOC_INFO_CHAIN_H

#include <stdint.h>

#include "cap_chain.h"
#include "iova_ranges.h"
#include "problem.h"
#include "vfio_calls.h"

/*
 * An info buffer fetched whole by the argsz protocol and its capability
 * chain walked: the one sequence behind every question a test asks of
 * VFIO_IOMMU_GET_INFO or VFIO_DEVICE_GET_INFO. A chain that does not walk
 * is not an error here: chain.problem says what is wrong with it, for the
 * tests that judge it.
 */
struct info_chain {
	struct vfio_info_buf raw;
	struct cap_chain chain;
};

/* 0, or -errno of the ioctl with p saying so; free with info_chain_free. */
int __iommu_info_read(int container, struct info_chain *ic, struct problem *p);
/* floor: the device info header's size on this kernel (20 or 24). */
int __device_info_read(int device, uint32_t floor, struct info_chain *ic,
		       struct problem *p);
void info_chain_free(struct info_chain *ic);

/* The cap with id, or NULL with p saying why there is none. */
const struct cap_entry *info_chain_cap(const struct info_chain *ic, uint16_t id,
				       struct problem *p);

/*
 * GET_INFO read and the cap with id found in it: the cap, the caller to
 * free ic after; or NULL with p saying why, ic already freed.
 */
const struct cap_entry *__iommu_info_cap_read(int container, uint16_t id,
					      struct info_chain *ic, struct problem *p);

/* DMA_AVAIL of the container now: 0 or non-zero with p saying why not. */
int __iommu_dma_avail(int container, uint32_t *avail, struct problem *p);

/* Page sizes, the smallest page (the unit of MAP and UNMAP) and ranges. */
#define IOVA_SPACE_MAX 64
struct iova_space {
	uint64_t pgsizes, granule;
	struct iova_range r[IOVA_SPACE_MAX];
	uint32_t nr;
};

/* What GET_INFO says of the IOVA space: 0, or non-zero with p saying why. */
int __iova_space_read(int container, struct iova_space *io, struct problem *p);

#endif
