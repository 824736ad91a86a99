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

#include "kernel_abi.h"
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
	store_u16(buf, off + kabi_off(vfio_info_cap_header, id), id);
	store_u16(buf, off + kabi_off(vfio_info_cap_header, version), version);
	store_u32(buf, off + kabi_off(vfio_info_cap_header, next), next);
}

/* IOMMU info cap ids (KABI_CAPS) and a typical migration cap for 4 KiB pages. */
enum { CAP_IOVA = KABI_CAP_IOVA_RANGE, CAP_MIG = KABI_CAP_MIGRATION, CAP_AVAIL = KABI_CAP_DMA_AVAIL };

#define MIG(member) (off + kabi_off(vfio_iommu_type1_info_cap_migration, member))
static inline void put_migration(void *buf, uint32_t off, uint32_t next)
{
	put_cap_header(buf, off, CAP_MIG, 1, next);
	store_u32(buf, MIG(flags), 0);
	store_u32(buf, MIG(flags) + 4, 0);	/* the implicit pad */
	store_u64(buf, MIG(pgsize_bitmap), 0x1000);
	store_u64(buf, MIG(max_dirty_bitmap_size), 0x10000000);
}
#undef MIG

static inline void put_dma_avail(void *buf, uint32_t off, uint32_t next,
				 uint32_t avail)
{
	put_cap_header(buf, off, CAP_AVAIL, 1, next);
	store_u32(buf, off + kabi_off(vfio_iommu_type1_info_dma_avail, avail), avail);
}

static inline void put_iova_ranges(void *buf, uint32_t off, uint32_t next,
				   uint32_t nr, const uint64_t (*r)[2])
{
	const uint32_t ranges = off + kabi_off(vfio_iommu_type1_info_cap_iova_range, iova_ranges);
	const uint32_t each = kabi_sizeof(vfio_iova_range);

	put_cap_header(buf, off, CAP_IOVA, 1, next);
	store_u32(buf, off + kabi_off(vfio_iommu_type1_info_cap_iova_range, nr_iovas), nr);
	store_u32(buf, off + kabi_off(vfio_iommu_type1_info_cap_iova_range, reserved), 0);
	for (uint32_t i = 0; i < nr; i++) {
		store_u64(buf, ranges + each * i + kabi_off(vfio_iova_range, start), r[i][0]);
		store_u64(buf, ranges + each * i + kabi_off(vfio_iova_range, end), r[i][1]);
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
	store_u32(buf, kabi_off(vfio_iommu_type1_info, argsz), len);
	store_u32(buf, kabi_off(vfio_iommu_type1_info, flags), 3);
	store_u64(buf, kabi_off(vfio_iommu_type1_info, iova_pgsizes), 0x40201000);
	store_u32(buf, kabi_off(vfio_iommu_type1_info, cap_offset), 24);
	put_migration(buf, 24, 56);
	put_dma_avail(buf, 56, iova_at, 65535);
	put_iova_ranges(buf, iova_at, 0, 2, vtd_ranges);
	return len;
}

/* VFIO_DEVICE_GET_INFO of a 6.1 zPCI function: caps from offset 20. */
static inline uint32_t put_zpci_info(uint8_t *b, int with_util)
{
	uint32_t pfip = with_util ? 184 : 108, len = pfip + 16;

	memset(b, 0, len);
	store_u32(b, 0, len);
	store_u32(b, 16, 20);
	put_cap_header(b, 20, 1, 2, 60);
	store_u64(b, 28, 0x100000000ULL);
	store_u64(b, 36, 0x13fffffffULL);
	store_u16(b, 44, 0x0100);
	store_u16(b, 46, 1);
	store_u16(b, 48, 32);
	b[50] = 0x0a;
	b[51] = 7;
	store_u32(b, 52, 0x80000001);
	put_cap_header(b, 60, 2, 2, with_util ? 108 : pfip);
	store_u64(b, 68, 0xffffffffffffffffULL);
	store_u64(b, 76, 0xfe000000ULL);
	store_u64(b, 84, 1);
	store_u16(b, 92, 4000);
	store_u16(b, 94, 2048);
	store_u16(b, 96, 128);
	b[98] = 3;
	store_u16(b, 100, 256);
	if (with_util) {
		put_cap_header(b, 108, 3, 1, pfip);
		store_u32(b, 116, 64);
		memset(b + 120, 0xc1, 64);
	}
	put_cap_header(b, pfip, 4, 1, 0);
	store_u32(b, pfip + 8, 4);
	return len;
}

#endif
