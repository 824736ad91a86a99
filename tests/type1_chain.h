/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_TESTS_TYPE1_CHAIN_H
#define VFIOC_TESTS_TYPE1_CHAIN_H

/*
 * The GET_INFO chain type1 builds for one vfio-pci group, from the changes
 * the kernel has (SPEC §7.2; A24, A27, A62, A64): MIGRATION first where
 * the migration series is in (5.8); DMA_AVAIL after it (5.10), or after
 * IOVA_RANGE where only the 5.4.y backport put it; IOVA_RANGE; from byte
 * 24 (the header), each cap's size padded to 8 with a881b496941f (6.6).
 * R, the argsz GET_INFO asks for, is where the chain ends.
 */
#include <stdbool.h>
#include <stdint.h>

#include "kernel_abi.h"

struct type1_chain {
	uint16_t id[3];
	uint32_t offset[3];
	unsigned int count;
	uint32_t need;		/* R */
};

static inline uint32_t type1_cap_size(uint16_t id, uint32_t nr_iovas, bool aligned)
{
	uint32_t size = id == KABI_CAP_MIGRATION ? kabi_sizeof(vfio_iommu_type1_info_cap_migration) :
			id == KABI_CAP_DMA_AVAIL ? kabi_sizeof(vfio_iommu_type1_info_dma_avail) :
			kabi_sizeof(vfio_iommu_type1_info_cap_iova_range) +
				nr_iovas * kabi_sizeof(vfio_iova_range);

	return aligned ? (size + 7) & ~7u : size;
}

static inline struct type1_chain type1_chain_expected(bool migration, bool dma_avail,
						      bool aligned, bool iova_cap,
						      uint32_t nr_iovas)
{
	struct type1_chain c = { .need = kabi_sizeof(vfio_iommu_type1_info) };
	uint16_t order[4];
	unsigned int n = 0;

	if (migration)
		order[n++] = KABI_CAP_MIGRATION;
	if (dma_avail && migration)
		order[n++] = KABI_CAP_DMA_AVAIL;
	if (iova_cap)
		order[n++] = KABI_CAP_IOVA_RANGE;
	if (dma_avail && !migration)
		order[n++] = KABI_CAP_DMA_AVAIL;
	for (unsigned int i = 0; i < n && i < 3; i++) {
		c.id[i] = order[i];
		c.offset[i] = c.need;
		c.need += type1_cap_size(order[i], nr_iovas, aligned);
	}
	c.count = n;
	return c;
}

#endif
