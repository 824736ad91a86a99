// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "dma_buffer.h"

int __dma_buffer_alloc(struct dma_buffer *b, uint64_t granule, unsigned int granules)
{
	uintptr_t aligned;

	memset(b, 0, sizeof(*b));
	/* one granule more than asked: room to align inside the mapping */
	b->map_len = granule * (granules + 1);
	b->map = mmap(NULL, b->map_len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (b->map == MAP_FAILED) {
		int err = errno;

		memset(b, 0, sizeof(*b));
		return -err;
	}
	aligned = ((uintptr_t)b->map + granule - 1) & ~(uintptr_t)(granule - 1);
	b->p = (uint8_t *)aligned;
	b->len = granule * granules;
	return 0;
}

void dma_buffer_free(struct dma_buffer *b)
{
	if (b->map)
		munmap(b->map, b->map_len);
	memset(b, 0, sizeof(*b));
}
