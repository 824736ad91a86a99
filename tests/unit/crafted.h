/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_TESTS_CRAFTED_H
#define VFIOC_TESTS_CRAFTED_H

/*
 * Crafted inputs for the lib unit tests: info buffers laid out as the
 * kernel would write them (native-endian, at the kernel's offsets), and a
 * buffer that ends at an unmapped page so any read past its end crashes
 * the test instead of passing unnoticed.
 */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "unaligned.h"

struct guarded {
	uint8_t *buf;	/* len usable bytes; buf + len is a PROT_NONE page */
	void *map;
	size_t map_len;
};

static inline int guarded_alloc(struct guarded *g, size_t len)
{
	size_t page = sysconf(_SC_PAGESIZE);
	size_t data_pages = (len + page - 1) / page;

	g->map_len = (data_pages + 1) * page;
	g->map = mmap(NULL, g->map_len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g->map == MAP_FAILED)
		return -1;
	if (mprotect((uint8_t *)g->map + data_pages * page, page, PROT_NONE))
		return -1;
	g->buf = (uint8_t *)g->map + data_pages * page - len;
	memset(g->buf, 0xa5, len);
	return 0;
}

static inline void guarded_free(struct guarded *g)
{
	munmap(g->map, g->map_len);
}

static inline void put_cap_header(void *buf, uint32_t off, uint16_t id,
				  uint16_t version, uint32_t next)
{
	store_u16(buf, off, id);
	store_u16(buf, off + 2, version);
	store_u32(buf, off + 4, next);
}

/* IOMMU info cap ids and a typical migration cap for 4 KiB pages. */
enum { CAP_IOVA = 1, CAP_MIG = 2, CAP_AVAIL = 3 };

static inline void put_migration(void *buf, uint32_t off, uint32_t next)
{
	put_cap_header(buf, off, CAP_MIG, 1, next);
	store_u32(buf, off + 8, 0);
	store_u32(buf, off + 12, 0);
	store_u64(buf, off + 16, 0x1000);
	store_u64(buf, off + 24, 0x10000000);
}

static inline void put_dma_avail(void *buf, uint32_t off, uint32_t next,
				 uint32_t avail)
{
	put_cap_header(buf, off, CAP_AVAIL, 1, next);
	store_u32(buf, off + 8, avail);
}

static inline void put_iova_ranges(void *buf, uint32_t off, uint32_t next,
				   uint32_t nr, const uint64_t (*r)[2])
{
	put_cap_header(buf, off, CAP_IOVA, 1, next);
	store_u32(buf, off + 8, nr);
	store_u32(buf, off + 12, 0);
	for (uint32_t i = 0; i < nr; i++) {
		store_u64(buf, off + 16 + 16 * i, r[i][0]);
		store_u64(buf, off + 24 + 16 * i, r[i][1]);
	}
}

/* The two IOVA ranges an Intel VT-d guest reports (SPEC §0). */
static const uint64_t vtd_ranges[2][2] = {
	{ 0x0, 0xfedfffff },
	{ 0xfef00000, 0x7fffffffffULL },
};

/*
 * The type1 info a 6.1 kernel returns for VT-d: header, then MIGRATION@24,
 * DMA_AVAIL@56 and IOVA_RANGE@68 packed with no padding; argsz 116.
 * With aligned (6.6 and later) caps are 8-aligned: IOVA_RANGE@72, argsz 120.
 */
static inline uint32_t put_vtd_info(void *buf, int aligned)
{
	uint32_t iova_at = aligned ? 72 : 68;
	uint32_t len = iova_at + 16 + 2 * 16;

	memset(buf, 0, len);
	store_u32(buf, 0, len);
	store_u32(buf, 4, 3);
	store_u64(buf, 8, 0x40201000);
	store_u32(buf, 16, 24);
	put_migration(buf, 24, 56);
	put_dma_avail(buf, 56, iova_at, 65535);
	put_iova_ranges(buf, iova_at, 0, 2, vtd_ranges);
	return len;
}

#endif
