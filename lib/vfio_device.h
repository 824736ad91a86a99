/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_VFIO_DEVICE_H
#define VFIOC_VFIO_DEVICE_H

#include <stdint.h>

/*
 * A VFIO device fd: its regions (BARs, config space) read and written
 * through the fd, and its interrupts delivered to eventfds. Raw calls:
 * 0 or -errno, never an assertion.
 */
struct vfio_region {
	uint32_t index;
	uint32_t flags;
	uint64_t offset;	/* of the region within the device fd */
	uint64_t size;
};

int __vfio_region_info(int device, uint32_t index, struct vfio_region *r);

/*
 * Registers of PCI devices are little-endian whatever the CPU: these read
 * and write one of 1, 2 or 4 bytes and convert, so drivers work on s390x.
 */
int vfio_region_read_le(int device, const struct vfio_region *r, uint64_t off,
			uint32_t *value, unsigned int bytes);
int vfio_region_write_le(int device, const struct vfio_region *r, uint64_t off,
			 uint32_t value, unsigned int bytes);

/* Sets PCI_COMMAND_MASTER in config space: the device may now do DMA. */
int vfio_pci_enable_bus_master(int device);

/*
 * Vector 0 of irq index (VFIO_PCI_MSI_IRQ_INDEX, ...) signals eventfd efd;
 * efd -1 disables the whole index.
 */
int __vfio_irq_set_eventfd(int device, uint32_t index, int efd);

/*
 * Waits up to timeout_ms for efd to be signalled; the count read, 0 on a
 * timeout, -errno on an error.
 */
long eventfd_wait(int efd, int timeout_ms);

#endif
