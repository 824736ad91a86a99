/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_CAP_READERS_H
#define VFIOC_CAP_READERS_H

#include <stddef.h>
#include <stdint.h>

#include "cap_chain.h"
#include "iova_ranges.h"
#include "problem.h"

/*
 * Typed readers for the caps of VFIO_IOMMU_GET_INFO and the s390 zPCI caps
 * of VFIO_DEVICE_GET_INFO. Each checks the cap's id, its version (the
 * layouts this suite knows) and that the payload fits the cap's extent,
 * and reads at the kernel's offsets (lib/kernel_abi.h), never through the
 * uapi structs, whose layout is wrong on some 32-bit ABIs.
 */
enum cap_read_status {
	CAP_READ_OK = 0,
	CAP_WRONG_ID,
	CAP_UNKNOWN_VERSION,
	CAP_TRUNCATED,		/* the cap's extent is shorter than its layout */
	CAP_COUNT_EXCEEDS,	/* nr_iovas or size runs past the extent */
	CAP_NO_ROOM,		/* the caller's array is too small */
	CAP_NO_RANGES,		/* IOVA_RANGE with nr_iovas 0: never emitted */
};

struct migration_cap {
	uint32_t flags;
	uint32_t pad;		/* implicit padding at 12..15 as the kernel left it */
	uint64_t pgsize_bitmap;
	uint64_t max_dirty_bitmap_size;
};

struct zpci_base_cap {
	uint16_t version;
	uint64_t start_dma, end_dma;
	uint16_t pchid, vfn, fmb_length;
	uint8_t pft, gid;
	uint32_t fh;		/* version 2 only */
};

struct zpci_group_cap {
	uint16_t version;
	uint64_t dasm, msi_addr, flags;
	uint16_t mui, noi, maxstbl;
	uint8_t pci_version;	/* the member named `version` */
	uint16_t imaxstbl;	/* version 2 only */
};

/* ZPCI_UTIL and ZPCI_PFIP: a size and that many bytes of payload. */
struct zpci_blob_cap {
	uint32_t size;
	const uint8_t *bytes;	/* points into the info buffer */
};

int cap_read_iova_ranges(const void *buf, const struct cap_entry *cap,
			 struct iova_range *ranges, uint32_t max,
			 uint32_t *nr_iovas, struct problem *p);
int cap_read_migration(const void *buf, const struct cap_entry *cap,
		       struct migration_cap *out, struct problem *p);
int cap_read_dma_avail(const void *buf, const struct cap_entry *cap,
		       uint32_t *avail, struct problem *p);
int cap_read_zpci_base(const void *buf, const struct cap_entry *cap,
		       struct zpci_base_cap *out, struct problem *p);
int cap_read_zpci_group(const void *buf, const struct cap_entry *cap,
			struct zpci_group_cap *out, struct problem *p);
int cap_read_zpci_util(const void *buf, const struct cap_entry *cap,
		       struct zpci_blob_cap *out, struct problem *p);
int cap_read_zpci_pfip(const void *buf, const struct cap_entry *cap,
		       struct zpci_blob_cap *out, struct problem *p);

/*
 * One line describing a known cap's contents, or, on failure (non-zero
 * return), why it does not decode.
 */
int cap_decode(enum cap_namespace ns, const void *buf,
	       const struct cap_entry *cap, char *line, size_t size);

#endif
