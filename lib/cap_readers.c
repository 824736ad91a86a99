// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>
#include <stdio.h>

#include "cap_readers.h"
#include "kernel_abi.h"
#include "unaligned.h"

/* End of version 1 of the zPCI base and group caps (before fh, imaxstbl). */
#define ZPCI_BASE_V1_SIZE kabi_off(vfio_device_info_cap_zpci_base, fh)
#define ZPCI_GROUP_V1_SIZE kabi_off(vfio_device_info_cap_zpci_group, reserved)

/*
 * Common gate: the right id, and a version in 1 up to the newest the
 * suite knows (KABI_CAPS).
 */
static int check_cap(const struct cap_entry *cap, enum cap_namespace ns,
		     uint16_t id, struct problem *p)
{
	const struct cap_kind *k = cap_kind(ns, id);

	if (cap->id != id)
		return problem_set(p, CAP_WRONG_ID,
				   "cap@%u has id %u, not %s (%u)", cap->offset,
				   cap->id, k->name, id);
	if (cap->version < 1 || cap->version > k->newest_version)
		return problem_set(p, CAP_UNKNOWN_VERSION,
				   "%s cap@%u has version %u; this suite knows 1..%u",
				   k->name, cap->offset, cap->version,
				   k->newest_version);
	return CAP_READ_OK;
}

static int check_room(const struct cap_entry *cap, const char *name,
		      uint32_t need, struct problem *p)
{
	if (cap->extent < need)
		return problem_set(p, CAP_TRUNCATED,
				   "%s v%u cap@%u needs %u bytes, only %u before %s",
				   name, cap->version, cap->offset, need,
				   cap->extent,
				   cap->next ? "the next cap" : "the end of the buffer");
	return CAP_READ_OK;
}

int cap_read_iova_ranges(const void *buf, const struct cap_entry *cap,
			 struct iova_range *ranges, uint32_t max,
			 uint32_t *nr_iovas, struct problem *p)
{
	const uint32_t head = kabi_sizeof(vfio_iommu_type1_info_cap_iova_range);
	const uint32_t each = kabi_sizeof(vfio_iova_range);
	uint32_t nr, base;

	problem_clear(p);
	if (check_cap(cap, CAP_NS_IOMMU_INFO, KABI_CAP_IOVA_RANGE, p) ||
	    check_room(cap, "IOVA_RANGE", head, p))
		return p->code;
	nr = load_u32(buf, cap->offset +
			   kabi_off(vfio_iommu_type1_info_cap_iova_range, nr_iovas));
	*nr_iovas = nr;
	/* type1 adds the cap only for a non-empty list (SPEC §2 step 4) */
	if (!nr)
		return problem_set(p, CAP_NO_RANGES,
				   "IOVA_RANGE cap@%u: nr_iovas 0; the kernel adds this cap only with ranges",
				   cap->offset);
	/* 64-bit arithmetic: nr_iovas is kernel-controlled and may be huge */
	if ((uint64_t)head + (uint64_t)nr * each > cap->extent)
		return problem_set(p, CAP_COUNT_EXCEEDS,
				   "IOVA_RANGE cap@%u: nr_iovas %u needs %" PRIu64 " bytes, the cap has %u",
				   cap->offset, nr,
				   (uint64_t)head + (uint64_t)nr * each,
				   cap->extent);
	base = cap->offset +
	       kabi_off(vfio_iommu_type1_info_cap_iova_range, iova_ranges);
	for (uint32_t i = 0; i < nr && i < max; i++) {
		ranges[i].start = load_u64(buf, base + i * each +
						kabi_off(vfio_iova_range, start));
		ranges[i].end = load_u64(buf, base + i * each +
					      kabi_off(vfio_iova_range, end));
	}
	if (nr > max)
		return problem_set(p, CAP_NO_ROOM,
				   "IOVA_RANGE cap@%u: nr_iovas %u, room for %u (the first %u were read)",
				   cap->offset, nr, max, max);
	return CAP_READ_OK;
}

int cap_read_migration(const void *buf, const struct cap_entry *cap,
		       struct migration_cap *out, struct problem *p)
{
	const uint32_t o = cap->offset;

	problem_clear(p);
	if (check_cap(cap, CAP_NS_IOMMU_INFO, KABI_CAP_MIGRATION, p) ||
	    check_room(cap, "MIGRATION",
		       kabi_sizeof(vfio_iommu_type1_info_cap_migration), p))
		return p->code;
	out->flags = load_u32(buf, o + kabi_off(vfio_iommu_type1_info_cap_migration, flags));
	out->pad = load_u32(buf, o + kabi_off(vfio_iommu_type1_info_cap_migration, flags) + 4);
	out->pgsize_bitmap = load_u64(buf, o + kabi_off(vfio_iommu_type1_info_cap_migration, pgsize_bitmap));
	out->max_dirty_bitmap_size = load_u64(buf, o + kabi_off(vfio_iommu_type1_info_cap_migration, max_dirty_bitmap_size));
	return CAP_READ_OK;
}

int cap_read_dma_avail(const void *buf, const struct cap_entry *cap,
		       uint32_t *avail, struct problem *p)
{
	problem_clear(p);
	if (check_cap(cap, CAP_NS_IOMMU_INFO, KABI_CAP_DMA_AVAIL, p) ||
	    check_room(cap, "DMA_AVAIL",
		       kabi_sizeof(vfio_iommu_type1_info_dma_avail), p))
		return p->code;
	*avail = load_u32(buf, cap->offset +
			       kabi_off(vfio_iommu_type1_info_dma_avail, avail));
	return CAP_READ_OK;
}

#define ZB(member) (o + kabi_off(vfio_device_info_cap_zpci_base, member))
int cap_read_zpci_base(const void *buf, const struct cap_entry *cap,
		       struct zpci_base_cap *out, struct problem *p)
{
	const uint32_t o = cap->offset;

	problem_clear(p);
	if (check_cap(cap, CAP_NS_DEVICE_INFO, KABI_CAP_ZPCI_BASE, p) ||
	    check_room(cap, "ZPCI_BASE",
		       cap->version == 1 ? ZPCI_BASE_V1_SIZE :
		       kabi_off(vfio_device_info_cap_zpci_base, fh) + 4, p))
		return p->code;
	*out = (struct zpci_base_cap){
		.version = cap->version,
		.start_dma = load_u64(buf, ZB(start_dma)),
		.end_dma = load_u64(buf, ZB(end_dma)),
		.pchid = load_u16(buf, ZB(pchid)),
		.vfn = load_u16(buf, ZB(vfn)),
		.fmb_length = load_u16(buf, ZB(fmb_length)),
		.pft = ((const uint8_t *)buf)[ZB(pft)],
		.gid = ((const uint8_t *)buf)[ZB(gid)],
		.fh = cap->version >= 2 ? load_u32(buf, ZB(fh)) : 0,
	};
	return CAP_READ_OK;
}
#undef ZB

#define ZG(member) (o + kabi_off(vfio_device_info_cap_zpci_group, member))
int cap_read_zpci_group(const void *buf, const struct cap_entry *cap,
			struct zpci_group_cap *out, struct problem *p)
{
	const uint32_t o = cap->offset;

	problem_clear(p);
	if (check_cap(cap, CAP_NS_DEVICE_INFO, KABI_CAP_ZPCI_GROUP, p) ||
	    check_room(cap, "ZPCI_GROUP",
		       cap->version == 1 ? ZPCI_GROUP_V1_SIZE :
		       kabi_off(vfio_device_info_cap_zpci_group, imaxstbl) + 2, p))
		return p->code;
	*out = (struct zpci_group_cap){
		.version = cap->version,
		.dasm = load_u64(buf, ZG(dasm)),
		.msi_addr = load_u64(buf, ZG(msi_addr)),
		.flags = load_u64(buf, ZG(flags)),
		.mui = load_u16(buf, ZG(mui)),
		.noi = load_u16(buf, ZG(noi)),
		.maxstbl = load_u16(buf, ZG(maxstbl)),
		.pci_version = ((const uint8_t *)buf)[ZG(version)],
		.imaxstbl = cap->version >= 2 ? load_u16(buf, ZG(imaxstbl)) : 0,
	};
	return CAP_READ_OK;
}
#undef ZG

/* UTIL and PFIP share a shape: {header, u32 size, u8 payload[size]}. */
static int read_blob(const void *buf, const struct cap_entry *cap, uint16_t id,
		     const char *name, uint32_t size_off, uint32_t data_off,
		     struct zpci_blob_cap *out, struct problem *p)
{
	problem_clear(p);
	if (check_cap(cap, CAP_NS_DEVICE_INFO, id, p) || check_room(cap, name, data_off, p))
		return p->code;
	out->size = load_u32(buf, cap->offset + size_off);
	if ((uint64_t)data_off + out->size > cap->extent)
		return problem_set(p, CAP_COUNT_EXCEEDS,
				   "%s cap@%u: size %u runs past the cap's %u bytes",
				   name, cap->offset, out->size, cap->extent);
	out->bytes = (const uint8_t *)buf + cap->offset + data_off;
	return CAP_READ_OK;
}

int cap_read_zpci_util(const void *buf, const struct cap_entry *cap,
		       struct zpci_blob_cap *out, struct problem *p)
{
	return read_blob(buf, cap, KABI_CAP_ZPCI_UTIL, "ZPCI_UTIL",
			 kabi_off(vfio_device_info_cap_zpci_util, size),
			 kabi_off(vfio_device_info_cap_zpci_util, util_str), out, p);
}

int cap_read_zpci_pfip(const void *buf, const struct cap_entry *cap,
		       struct zpci_blob_cap *out, struct problem *p)
{
	return read_blob(buf, cap, KABI_CAP_ZPCI_PFIP, "ZPCI_PFIP",
			 kabi_off(vfio_device_info_cap_zpci_pfip, size),
			 kabi_off(vfio_device_info_cap_zpci_pfip, pfip), out, p);
}

static int decode_iommu(const void *buf, const struct cap_entry *cap,
			char *line, size_t size, struct problem *p)
{
	struct iova_range r[8];
	struct migration_cap mig;
	uint32_t nr, avail;
	int used;

	switch (cap->id) {
	case KABI_CAP_IOVA_RANGE:
		if (cap_read_iova_ranges(buf, cap, r, 8, &nr, p) &&
		    p->code != CAP_NO_ROOM)
			return p->code;
		used = snprintf(line, size, "nr_iovas %u:", nr);
		for (uint32_t i = 0; i < nr && i < 8 && used < (int)size; i++)
			used += snprintf(line + used, size - used,
					 " [0x%" PRIx64 "-0x%" PRIx64 "]",
					 r[i].start, r[i].end);
		if (nr > 8 && used < (int)size)
			snprintf(line + used, size - used, " ...");
		return 0;
	case KABI_CAP_MIGRATION:
		if (cap_read_migration(buf, cap, &mig, p))
			return p->code;
		snprintf(line, size,
			 "flags 0x%x pad@12 0x%x pgsize_bitmap 0x%" PRIx64 " max_dirty_bitmap_size 0x%" PRIx64,
			 mig.flags, mig.pad, mig.pgsize_bitmap,
			 mig.max_dirty_bitmap_size);
		return 0;
	case KABI_CAP_DMA_AVAIL:
		if (cap_read_dma_avail(buf, cap, &avail, p))
			return p->code;
		snprintf(line, size, "avail %u", avail);
		return 0;
	}
	return problem_set(p, CAP_WRONG_ID, "no reader for id %u", cap->id);
}

static int decode_device(const void *buf, const struct cap_entry *cap,
			 char *line, size_t size, struct problem *p)
{
	struct zpci_base_cap b;
	struct zpci_group_cap g;
	struct zpci_blob_cap blob;

	switch (cap->id) {
	case KABI_CAP_ZPCI_BASE:
		if (cap_read_zpci_base(buf, cap, &b, p))
			return p->code;
		snprintf(line, size,
			 "start_dma 0x%" PRIx64 " end_dma 0x%" PRIx64 " pchid 0x%x vfn %u fmb_length %u pft 0x%x gid %u fh 0x%x",
			 b.start_dma, b.end_dma, b.pchid, b.vfn, b.fmb_length,
			 b.pft, b.gid, b.fh);
		return 0;
	case KABI_CAP_ZPCI_GROUP:
		if (cap_read_zpci_group(buf, cap, &g, p))
			return p->code;
		snprintf(line, size,
			 "dasm 0x%" PRIx64 " msi_addr 0x%" PRIx64 " flags 0x%" PRIx64 " mui %u noi %u maxstbl %u version %u imaxstbl %u",
			 g.dasm, g.msi_addr, g.flags, g.mui, g.noi, g.maxstbl,
			 g.pci_version, g.imaxstbl);
		return 0;
	case KABI_CAP_ZPCI_UTIL:
	case KABI_CAP_ZPCI_PFIP:
		if ((cap->id == KABI_CAP_ZPCI_UTIL ? cap_read_zpci_util :
						cap_read_zpci_pfip)(buf, cap, &blob, p))
			return p->code;
		snprintf(line, size, "size %u", blob.size);
		return 0;
	}
	return problem_set(p, CAP_WRONG_ID, "no reader for id %u", cap->id);
}

int cap_decode(enum cap_namespace ns, const void *buf,
	       const struct cap_entry *cap, char *line, size_t size)
{
	struct problem p;
	int ret = ns == CAP_NS_IOMMU_INFO ? decode_iommu(buf, cap, line, size, &p) :
					    decode_device(buf, cap, line, size, &p);

	if (ret)
		snprintf(line, size, "%s", p.text);
	return ret;
}
