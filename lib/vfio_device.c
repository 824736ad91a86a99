// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>

#include "vfio_device.h"

int __vfio_region_info(int device, uint32_t index, struct vfio_region *r)
{
	struct vfio_region_info info = { .argsz = sizeof(info), .index = index };

	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &info) < 0)
		return -errno;
	*r = (struct vfio_region){ index, info.flags, info.offset, info.size };
	return 0;
}

static int region_io(int device, const struct vfio_region *r, uint64_t off,
		     void *buf, uint32_t len, int write_it)
{
	ssize_t done;

	if (off + len > r->size)
		return -ERANGE;
	done = write_it ? pwrite(device, buf, len, r->offset + off) :
			  pread(device, buf, len, r->offset + off);
	if (done < 0)
		return -errno;
	return (size_t)done == len ? 0 : -EIO;
}

int vfio_region_read_le(int device, const struct vfio_region *r, uint64_t off,
			uint32_t *value, unsigned int bytes)
{
	uint8_t b[4] = { 0 };
	int ret;

	if (bytes != 1 && bytes != 2 && bytes != 4)
		return -EINVAL;
	ret = region_io(device, r, off, b, bytes, 0);
	*value = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
		 (uint32_t)b[3] << 24;
	return ret;
}

int vfio_region_write_le(int device, const struct vfio_region *r, uint64_t off,
			 uint32_t value, unsigned int bytes)
{
	uint8_t b[4] = { value, value >> 8, value >> 16, value >> 24 };

	if (bytes != 1 && bytes != 2 && bytes != 4)
		return -EINVAL;
	return region_io(device, r, off, b, bytes, 1);
}

int vfio_pci_enable_bus_master(int device)
{
	struct vfio_region config;
	uint32_t command;
	int ret = __vfio_region_info(device, VFIO_PCI_CONFIG_REGION_INDEX, &config);

	if (!ret)
		ret = vfio_region_read_le(device, &config, PCI_COMMAND, &command, 2);
	if (ret)
		return ret;
	return vfio_region_write_le(device, &config, PCI_COMMAND,
				    command | PCI_COMMAND_MASTER, 2);
}

int __vfio_irq_set_eventfd(int device, uint32_t index, int efd)
{
	size_t size = sizeof(struct vfio_irq_set) + sizeof(int32_t);
	struct vfio_irq_set *set = calloc(1, size);
	int ret;

	if (!set)
		return -ENOMEM;
	set->argsz = size;
	set->index = index;
	set->start = 0;
	if (efd >= 0) {
		int32_t fd = efd;

		set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
		set->count = 1;
		memcpy(set->data, &fd, sizeof(fd));
	} else {
		set->argsz = sizeof(*set);
		set->flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER;
		set->count = 0;
	}
	ret = ioctl(device, VFIO_DEVICE_SET_IRQS, set) < 0 ? -errno : 0;
	free(set);
	return ret;
}

long eventfd_wait(int efd, int timeout_ms)
{
	struct pollfd p = { .fd = efd, .events = POLLIN };
	uint64_t count;
	int n = poll(&p, 1, timeout_ms);

	if (n < 0)
		return -errno;
	if (n == 0)
		return 0;
	if (read(efd, &count, sizeof(count)) != sizeof(count))
		return -EIO;
	return (long)count;
}
