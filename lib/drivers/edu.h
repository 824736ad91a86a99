/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_DRIVERS_EDU_H
#define VFIOC_DRIVERS_EDU_H

#include <stdbool.h>
#include <stdint.h>

#include "problem.h"
#include "vfio_device.h"

/*
 * A userspace driver for QEMU's educational PCI device (edu, 1234:11e8),
 * enough to make it DMA and raise its interrupt: BAR0 holds a DMA engine
 * that copies between guest memory (an IOVA) and a 4 KiB buffer of its own
 * at EDU_BUFFER, and an interrupt raise/acknowledge pair.
 */
#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8
#define EDU_BUFFER 0x40000
#define EDU_BUFFER_SIZE 4096
/* edu masks DMA addresses to 28 bits unless told otherwise */
#define EDU_DMA_LIMIT (1ULL << 28)

struct edu {
	int device;
	struct vfio_region bar0;
	bool seeded;		/* its buffer holds the DMA driver's pattern */
};

enum edu_error { EDU_OK = 0, EDU_NO_BAR, EDU_NOT_EDU, EDU_IO, EDU_TIMEOUT, EDU_RANGE };

int edu_open(struct edu *e, int device, struct problem *p);

/*
 * One DMA transfer: from IOVA iova into the device's buffer at buf_off
 * (to_device), or from the buffer out to iova; waits for the engine to
 * finish. A faulting IOVA is not an error here: the data just does not
 * arrive.
 */
int edu_dma(struct edu *e, uint64_t iova, uint32_t buf_off, uint32_t len,
	    bool to_device, struct problem *p);

/* Raises the device's interrupt with status value; acknowledges it. */
int edu_raise_irq(struct edu *e, uint32_t value);
int edu_ack_irq(struct edu *e, uint32_t value);

#endif
