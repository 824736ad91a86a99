/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_DRIVERS_VIRTIO_RNG_H
#define VFIOC_DRIVERS_VIRTIO_RNG_H

#include <stdint.h>

#include "problem.h"
#include "vfio_device.h"

/*
 * A minimal userspace driver for a modern virtio-rng PCI function (1af4:1044)
 * with VIRTIO_F_ACCESS_PLATFORM, so that its DMA goes through the IOMMU: one
 * split virtqueue whose rings live in memory the caller maps at an IOVA, and
 * requests for random bytes written by the device into a mapped buffer.
 * Completion is polled; no interrupt is needed.
 */
#define VIRTIO_RNG_VENDOR 0x1af4
#define VIRTIO_RNG_DEVICE 0x1044
#define VIRTIO_RNG_RING_BYTES 1024	/* room for the rings of 16 descriptors */

struct virtio_region_ref {
	struct vfio_region bar;
	uint32_t offset;
};

struct virtio_rng {
	int device;
	struct virtio_region_ref common, notify;
	uint32_t notify_multiplier;
	uint16_t queue_size, notify_off;
	uint8_t *ring;		/* VIRTIO_RNG_RING_BYTES at ring_iova */
	uint64_t ring_iova;
	uint16_t avail_idx, used_seen;
};

enum virtio_rng_error {
	VRNG_OK = 0,
	VRNG_NO_CAPS,		/* no virtio vendor capabilities in config space */
	VRNG_IO,
	VRNG_FEATURES,		/* VERSION_1 / ACCESS_PLATFORM refused */
	VRNG_TIMEOUT,		/* the request was not completed */
	VRNG_BROKEN,		/* the device asks for a reset */
};

/*
 * Finds the capabilities, resets the device and brings queue 0 up with
 * its rings at ring (mapped by the caller at ring_iova). Bus mastering
 * must be on.
 */
int virtio_rng_open(struct virtio_rng *v, int device, uint8_t *ring,
		    uint64_t ring_iova, struct problem *p);

/*
 * Asks for len random bytes at iova; on completion *written is the length
 * the device reports. VRNG_TIMEOUT or VRNG_BROKEN when it never completes,
 * as when iova is not mapped.
 */
int virtio_rng_read(struct virtio_rng *v, uint64_t iova, uint32_t len,
		    uint32_t *written, int timeout_ms, struct problem *p);

/* Writes status 0: the device forgets the queue and any error. */
int virtio_rng_reset(struct virtio_rng *v);

#endif
