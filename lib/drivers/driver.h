/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_DRIVERS_DRIVER_H
#define VFIOC_DRIVERS_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/edu.h"
#include "drivers/virtio_rng.h"
#include "problem.h"

/*
 * What the functional tests ask of a device, whatever it is: write bytes
 * into memory at an IOVA (DMA through the IOMMU), and, where it can, raise
 * an MSI. Each userspace driver is one entry; a new device is one driver
 * file and one line of DMA_DRIVERS.
 */
#define DMA_DRIVERS(X, ...) X(edu, __VA_ARGS__) X(virtio_rng, __VA_ARGS__)

struct dma_device {
	const struct dma_driver *driver;
	int fd;			/* the VFIO device, bus mastering on */
	/* one granule of the driver's own, mapped at scratch_iova (rings, seed) */
	uint8_t *scratch;
	uint64_t scratch_iova;
	union {
		struct edu edu;
		struct virtio_rng rng;
	} u;
};

struct dma_driver {
	const char *name;
	uint16_t vendor, device;
	uint64_t dma_limit;	/* the first IOVA it cannot reach; 0: none */
	int (*open)(struct dma_device *d, struct problem *p);
	/*
	 * The device writes len bytes at iova and the call waits up to
	 * timeout_ms for it to say it is done. Which bytes: written() when the
	 * driver knows them; otherwise any, not all zero.
	 */
	int (*write)(struct dma_device *d, uint64_t iova, uint32_t len,
		     int timeout_ms, struct problem *p);
	const uint8_t *(*written)(const struct dma_device *d);
	/* Back to working after a DMA that reached nothing; NULL: not needed. */
	int (*recover)(struct dma_device *d, struct problem *p);
	/* One MSI on vector 0, and its acknowledgement; NULL: cannot. */
	int (*raise_msi)(struct dma_device *d);
	int (*ack_msi)(struct dma_device *d);
	void (*close)(struct dma_device *d);
};

#define DMA_DRIVER_DECLARE(name, ...) extern const struct dma_driver name##_driver;
DMA_DRIVERS(DMA_DRIVER_DECLARE, )
#undef DMA_DRIVER_DECLARE

/* The driver for a PCI vendor:device, or NULL. */
const struct dma_driver *dma_driver_for(unsigned int vendor, unsigned int device);

/*
 * Turns bus mastering on and brings the device up with its scratch
 * granule, which the caller has mapped at scratch_iova.
 */
int __dma_device_open(struct dma_device *d, const struct dma_driver *drv, int fd,
		      uint8_t *scratch, uint64_t scratch_iova, struct problem *p);
void dma_device_close(struct dma_device *d);

#endif
