// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "iommufd_calls.h"

static int ret_or_errno(int ret)
{
	return ret < 0 ? -errno : ret;
}

int __iommufd_open(void)
{
	return ret_or_errno(open(IOMMUFD_PATH, O_RDWR | O_CLOEXEC));
}

int __iommufd_ioas_alloc(int iommufd, uint32_t *ioas)
{
	struct iommufd_ioas_alloc_arg a = { .size = sizeof(a) };
	int ret = ret_or_errno(ioctl(iommufd, VFIOC_IOMMU_IOAS_ALLOC, &a));

	if (!ret)
		*ioas = a.out_ioas_id;
	return ret;
}

int __iommufd_ioas_iova_ranges(int iommufd, uint32_t ioas, struct iommufd_iova_range *ranges,
			       uint32_t *num, uint64_t *alignment)
{
	struct iommufd_ioas_iova_ranges_arg a = {
		.size = sizeof(a), .ioas_id = ioas, .num_iovas = *num,
		.allowed_iovas = (uintptr_t)ranges,
	};
	int ret = ret_or_errno(ioctl(iommufd, VFIOC_IOMMU_IOAS_IOVA_RANGES, &a));

	if (!ret || ret == -EMSGSIZE)
		*num = a.num_iovas;
	if (alignment)
		*alignment = a.out_iova_alignment;
	return ret;
}

int __iommufd_ioas_map(int iommufd, uint32_t ioas, uint32_t flags, uint64_t vaddr,
		       uint64_t length, uint64_t *iova)
{
	struct iommufd_ioas_map_arg a = {
		.size = sizeof(a), .flags = flags, .ioas_id = ioas,
		.user_va = vaddr, .length = length, .iova = *iova,
	};
	int ret = ret_or_errno(ioctl(iommufd, VFIOC_IOMMU_IOAS_MAP, &a));

	if (!ret)
		*iova = a.iova;
	return ret;
}

int __iommufd_ioas_unmap(int iommufd, uint32_t ioas, uint64_t iova, uint64_t *length)
{
	struct iommufd_ioas_unmap_arg a = {
		.size = sizeof(a), .ioas_id = ioas, .iova = iova, .length = *length,
	};
	int ret = ret_or_errno(ioctl(iommufd, VFIOC_IOMMU_IOAS_UNMAP, &a));

	*length = a.length;
	return ret;
}

int __iommufd_vfio_ioas_get(int fd, uint32_t *ioas)
{
	struct iommufd_vfio_ioas_arg a = { .size = sizeof(a), .op = IOMMU_VFIO_IOAS_GET };
	int ret = ret_or_errno(ioctl(fd, VFIOC_IOMMU_VFIO_IOAS, &a));

	if (!ret)
		*ioas = a.ioas_id;
	return ret;
}

int __vfio_cdev_open(const char *sysfs_pci, const char *bdf)
{
	char dir[512], node[300];
	struct dirent *e;
	DIR *d;
	int ret = -ENOENT;

	snprintf(dir, sizeof(dir), "%s/devices/%s/vfio-dev", sysfs_pci, bdf);
	d = opendir(dir);
	if (!d)
		return -ENOENT;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "vfio", 4)) {
			snprintf(node, sizeof(node), VFIO_CDEV_DIR "/%s", e->d_name);
			ret = ret_or_errno(open(node, O_RDWR | O_CLOEXEC));
			break;
		}
	closedir(d);
	return ret;
}

int __vfio_device_bind_iommufd(int device, int iommufd, uint32_t flags, uint32_t *devid)
{
	struct vfio_bind_iommufd_arg a = { .argsz = sizeof(a), .flags = flags, .iommufd = iommufd };
	int ret = ret_or_errno(ioctl(device, VFIOC_VFIO_DEVICE_BIND_IOMMUFD, &a));

	if (!ret && devid)
		*devid = a.out_devid;
	return ret;
}

int __vfio_device_attach_pt(int device, uint32_t pt_id)
{
	struct vfio_attach_pt_arg a = { .argsz = sizeof(a), .pt_id = pt_id };

	return ret_or_errno(ioctl(device, VFIOC_VFIO_DEVICE_ATTACH_IOMMUFD_PT, &a));
}
