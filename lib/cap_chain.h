/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_CAP_CHAIN_H
#define VFIOC_CAP_CHAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "kernel_abi.h"
#include "problem.h"

/*
 * A VFIO info buffer carries a chain of capabilities: each starts with
 * {u16 id, u16 version, u32 next}, next being the offset of the following
 * cap from the start of the *buffer* (0 ends the chain). The walker checks
 * the chain's structure only; what a cap holds is for cap_readers.
 */
#define CAP_HEADER_SIZE kabi_sizeof(vfio_info_cap_header)
#define CAP_ALIGN_MIN 4	/* the header's own alignment (u32 next) */
#define CAP_CHAIN_MAX 32

/* IDs mean different things in the two info ioctls that carry caps. */
enum cap_namespace { CAP_NS_IOMMU_INFO, CAP_NS_DEVICE_INFO };

/* A row of KABI_CAPS: what the suite knows of one capability. */
struct cap_kind {
	enum cap_namespace ns;
	uint16_t id;
	const char *name;	/* "IOVA_RANGE" */
	uint32_t size;		/* sizeof its struct as the kernel has it now */
	uint16_t newest_version;
};

/* The kind of cap id in ns, or NULL when the suite does not know it. */
const struct cap_kind *cap_kind(enum cap_namespace ns, uint16_t id);

struct cap_entry {
	uint32_t offset;
	uint16_t id;
	uint16_t version;
	uint32_t next;
	/* bytes from offset to the next cap, or to the end of the buffer */
	uint32_t extent;
	bool known;	/* this suite has a name and a reader for id */
};

enum cap_chain_status {
	CHAIN_OK = 0,
	CHAIN_INSIDE_INFO_HEADER,	/* a cap starts before `floor` */
	CHAIN_MISALIGNED,
	CHAIN_PAST_END,			/* offset at or beyond the buffer's end */
	CHAIN_HEADER_TRUNCATED,		/* the 8-byte header crosses the end */
	CHAIN_BACKWARD,
	CHAIN_LOOP,
	CHAIN_TOO_LONG,
};

struct cap_chain {
	enum cap_namespace ns;
	uint32_t len;		/* bytes of the buffer the kernel filled */
	uint32_t first;		/* cap_offset */
	unsigned int count;	/* caps read, including the one that broke */
	unsigned int unknown;	/* of which with an id the suite does not know */
	struct cap_entry caps[CAP_CHAIN_MAX];
	struct problem problem;	/* code is an enum cap_chain_status */
};

/*
 * Walks the chain of buf[0..len) that starts at first (0: no chain). floor
 * is the fixed info header's size; no cap may start inside it. Returns the
 * status; chain holds every cap read before a fault, and problem names it.
 */
int cap_chain_walk(const void *buf, uint32_t len, uint32_t first,
		   uint32_t floor, enum cap_namespace ns,
		   struct cap_chain *chain);

const struct cap_entry *cap_chain_find(const struct cap_chain *chain,
				       uint16_t id);

/* "MIGRATION", "ZPCI_BASE", ... or NULL when the suite has no name. */
const char *cap_name(enum cap_namespace ns, uint16_t id);

/* The decoded chain as TAP diagnostic ("# ") lines. */
void cap_chain_dump(FILE *out, const void *buf, const struct cap_chain *chain);

#endif
