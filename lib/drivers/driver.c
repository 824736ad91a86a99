// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "drivers/driver.h"
#include "vfio_device.h"

#define DMA_DRIVER_ENTRY(name, ...) &name##_driver,
static const struct dma_driver *const drivers[] = { DMA_DRIVERS(DMA_DRIVER_ENTRY, ) };

const struct dma_driver *dma_driver_for(unsigned int vendor, unsigned int device)
{
	for (size_t i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (drivers[i]->vendor == vendor && drivers[i]->device == device)
			return drivers[i];
	return NULL;
}

int __dma_device_open(struct dma_device *d, const struct dma_driver *drv, int fd,
		      uint8_t *scratch, uint64_t scratch_iova, struct problem *p)
{
	int ret;

	problem_clear(p);
	memset(d, 0, sizeof(*d));
	d->driver = drv;
	d->fd = fd;
	d->scratch = scratch;
	d->scratch_iova = scratch_iova;
	/* DMA, and an MSI (a memory write by the device), need bus mastering */
	ret = vfio_pci_enable_bus_master(fd);
	if (ret)
		return problem_set(p, ret, "%s: cannot enable bus mastering", drv->name);
	return drv->open(d, p);
}

void dma_device_close(struct dma_device *d)
{
	if (d->driver && d->driver->close)
		d->driver->close(d);
	d->driver = NULL;
}
