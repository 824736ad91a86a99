// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "kernel_abi.h"
#include "unaligned.h"
#include "vfio_calls.h"

/* Growth stops here: no kernel needs more, and a larger ask is a bug. */
#define INFO_LIMIT (1u << 20)

static int ret_or_errno(int ret)
{
	return ret < 0 ? -errno : ret;
}

int __vfio_container_open(void)
{
	return ret_or_errno(open(VFIO_CONTAINER_PATH, O_RDWR | O_CLOEXEC));
}

int __vfio_group_open(unsigned int group)
{
	char path[64];

	snprintf(path, sizeof(path), "/dev/vfio/%u", group);
	return ret_or_errno(open(path, O_RDWR | O_CLOEXEC));
}

int __vfio_get_api_version(int container)
{
	return ret_or_errno(ioctl(container, VFIO_GET_API_VERSION));
}

int __vfio_check_extension(int container, unsigned long extension)
{
	return ret_or_errno(ioctl(container, VFIO_CHECK_EXTENSION, extension));
}

int __vfio_set_iommu(int container, unsigned long type)
{
	return ret_or_errno(ioctl(container, VFIO_SET_IOMMU, type));
}

int __vfio_group_get_status(int group_fd, uint32_t *flags)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	int ret = ret_or_errno(ioctl(group_fd, VFIO_GROUP_GET_STATUS, &status));

	if (!ret)
		*flags = status.flags;
	return ret;
}

int __vfio_group_set_container(int group_fd, int container)
{
	return ret_or_errno(ioctl(group_fd, VFIO_GROUP_SET_CONTAINER, &container));
}

int __vfio_group_unset_container(int group_fd)
{
	return ret_or_errno(ioctl(group_fd, VFIO_GROUP_UNSET_CONTAINER));
}

int __vfio_group_get_device_fd(int group_fd, const char *bdf)
{
	return ret_or_errno(ioctl(group_fd, VFIO_GROUP_GET_DEVICE_FD, bdf));
}

int __vfio_iommu_get_info(int container, void *buf)
{
	return ret_or_errno(ioctl(container, VFIO_IOMMU_GET_INFO, buf));
}

int __vfio_device_get_info(int device_fd, void *buf)
{
	return ret_or_errno(ioctl(device_fd, VFIO_DEVICE_GET_INFO, buf));
}

int __vfio_map_dma(int container, uint64_t vaddr, uint64_t iova,
		   uint64_t size, uint32_t flags)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = flags,
		.vaddr = vaddr,
		.iova = iova,
		.size = size,
	};

	return ret_or_errno(ioctl(container, VFIO_IOMMU_MAP_DMA, &map));
}

int __vfio_unmap_dma(int container, uint64_t iova, uint64_t size,
		     uint32_t flags, uint64_t *unmapped)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.flags = flags,
		.iova = iova,
		.size = size,
	};
	int ret = ret_or_errno(ioctl(container, VFIO_IOMMU_UNMAP_DMA, &unmap));

	if (unmapped)
		*unmapped = unmap.size;
	return ret;
}

int __vfio_info_fetch(int fd, int (*get)(int fd, void *buf), uint32_t header,
		      struct vfio_info_buf *info)
{
	uint32_t want = header;

	info->buf = NULL;
	info->len = 0;
	/* twice is the protocol; a third round means argsz keeps moving */
	for (int round = 0; round < 3; round++) {
		void *buf = calloc(1, want);
		uint32_t asked;
		int ret;

		if (!buf)
			return -ENOMEM;
		store_u32(buf, 0, want);
		ret = get(fd, buf);
		if (ret < 0) {
			free(buf);
			return ret;
		}
		asked = load_u32(buf, 0);
		if (asked <= want) {
			info->buf = buf;
			info->len = want;
			return 0;
		}
		free(buf);
		if (asked > INFO_LIMIT)
			return -E2BIG;
		want = asked;
	}
	return -EAGAIN;
}

int __vfio_iommu_info_fetch(int container, struct vfio_info_buf *info)
{
	return __vfio_info_fetch(container, __vfio_iommu_get_info,
			  kabi_sizeof(vfio_iommu_type1_info), info);
}

int __vfio_device_info_fetch(int device_fd, struct vfio_info_buf *info)
{
	/* sizeof as this build's headers have it: 20 before 6.6, 24 after */
	return __vfio_info_fetch(device_fd, __vfio_device_get_info,
			  sizeof(struct vfio_device_info), info);
}

void vfio_info_buf_free(struct vfio_info_buf *info)
{
	free(info->buf);
	info->buf = NULL;
	info->len = 0;
}

uint32_t vfio_info_argsz(const struct vfio_info_buf *info)
{
	return load_u32(info->buf, kabi_off(vfio_iommu_type1_info, argsz));
}

uint32_t vfio_info_flags(const struct vfio_info_buf *info)
{
	return load_u32(info->buf, kabi_off(vfio_iommu_type1_info, flags));
}

uint64_t vfio_iommu_info_pgsizes(const struct vfio_info_buf *info)
{
	return load_u64(info->buf, kabi_off(vfio_iommu_type1_info, iova_pgsizes));
}

uint32_t vfio_iommu_info_cap_offset(const struct vfio_info_buf *info)
{
	return load_u32(info->buf, kabi_off(vfio_iommu_type1_info, cap_offset));
}

uint32_t vfio_device_info_cap_offset(const struct vfio_info_buf *info)
{
	return load_u32(info->buf, kabi_off(vfio_device_info, cap_offset));
}
