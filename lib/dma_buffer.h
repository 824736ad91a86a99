/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_DMA_BUFFER_H
#define VFIOC_DMA_BUFFER_H

#include <stddef.h>
#include <stdint.h>

/*
 * Memory to map for DMA: granules of the IOMMU page, aligned to it and
 * populated. The mapping is larger than what it hands out (the alignment
 * slack), so it remembers the whole to give it back.
 */
struct dma_buffer {
	uint8_t *p;		/* granule-aligned; len bytes */
	size_t len;
	void *map;		/* what mmap returned; NULL when none */
	size_t map_len;
};

/* 0, or -errno of mmap. */
int __dma_buffer_alloc(struct dma_buffer *b, uint64_t granule, unsigned int granules);
/* Releases all of it; safe on a zeroed or already released buffer. */
void dma_buffer_free(struct dma_buffer *b);

#endif
