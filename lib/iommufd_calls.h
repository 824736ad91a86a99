/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_IOMMUFD_CALLS_H
#define VFIOC_IOMMUFD_CALLS_H

#include <stdint.h>
#include <sys/ioctl.h>

/*
 * Raw iommufd and VFIO-cdev calls, in the style of vfio_calls.h: 0 (or a
 * new fd) on success, -errno on failure, never asserting. The uapi is
 * declared here, with the kernel's numbers and layouts (include/uapi/linux/
 * iommufd.h, 6.2; the cdev ioctls of linux/vfio.h, 6.6), because the suite
 * builds against Debian 12's 6.1 headers, which have neither; the names
 * carry a prefix so that newer headers beside them do not collide.
 */
#define IOMMUFD_PATH "/dev/iommu"
#define VFIO_CDEV_DIR "/dev/vfio/devices"

#define IOMMUFD_IOCTL(nr) _IO(';', (nr))
#define VFIOC_IOMMU_IOAS_ALLOC IOMMUFD_IOCTL(0x81)
#define VFIOC_IOMMU_IOAS_IOVA_RANGES IOMMUFD_IOCTL(0x84)
#define VFIOC_IOMMU_IOAS_MAP IOMMUFD_IOCTL(0x85)
#define VFIOC_IOMMU_IOAS_UNMAP IOMMUFD_IOCTL(0x86)
#define VFIOC_IOMMU_VFIO_IOAS IOMMUFD_IOCTL(0x88)
/* _IO(VFIO_TYPE, VFIO_BASE + 18), + 19 */
#define VFIOC_VFIO_DEVICE_BIND_IOMMUFD _IO(';', 100 + 18)
#define VFIOC_VFIO_DEVICE_ATTACH_IOMMUFD_PT _IO(';', 100 + 19)

#define IOAS_MAP_FIXED_IOVA (1u << 0)
#define IOAS_MAP_WRITEABLE (1u << 1)
#define IOAS_MAP_READABLE (1u << 2)
#define IOAS_MAP_RW (IOAS_MAP_WRITEABLE | IOAS_MAP_READABLE)

struct iommufd_ioas_alloc_arg {
	uint32_t size, flags, out_ioas_id;
};

struct iommufd_iova_range {
	uint64_t start, last;
};

struct iommufd_ioas_iova_ranges_arg {
	uint32_t size, ioas_id, num_iovas, reserved;
	uint64_t allowed_iovas, out_iova_alignment;
};

struct iommufd_ioas_map_arg {
	uint32_t size, flags, ioas_id, reserved;
	uint64_t user_va, length, iova;
};

struct iommufd_ioas_unmap_arg {
	uint32_t size, ioas_id;
	uint64_t iova, length;
};

struct iommufd_vfio_ioas_arg {
	uint32_t size, ioas_id;
	uint16_t op, reserved;
};
#define IOMMU_VFIO_IOAS_GET 0

/* argsz up to out_devid: what every cdev kernel takes (7.2 adds a token) */
struct vfio_bind_iommufd_arg {
	uint32_t argsz, flags;
	int32_t iommufd;
	uint32_t out_devid;
};

struct vfio_attach_pt_arg {
	uint32_t argsz, flags, pt_id;
};

int __iommufd_open(void);
int __iommufd_ioas_alloc(int iommufd, uint32_t *ioas);
/*
 * IOMMU_IOAS_IOVA_RANGES into ranges[*num]: *num becomes the kernel's
 * count (also on EMSGSIZE, when it exceeds what was passed); alignment
 * (may be NULL) receives out_iova_alignment.
 */
int __iommufd_ioas_iova_ranges(int iommufd, uint32_t ioas, struct iommufd_iova_range *ranges,
			       uint32_t *num, uint64_t *alignment);
/* flags as the uapi's; *iova is where (FIXED_IOVA) or receives where. */
int __iommufd_ioas_map(int iommufd, uint32_t ioas, uint32_t flags, uint64_t vaddr,
		       uint64_t length, uint64_t *iova);
/* *length in: how much; out: what the kernel says it unmapped. */
int __iommufd_ioas_unmap(int iommufd, uint32_t ioas, uint64_t iova, uint64_t *length);
/* IOMMU_VFIO_IOAS GET on a compat container or /dev/iommu (SPEC 8.2 (2)). */
int __iommufd_vfio_ioas_get(int fd, uint32_t *ioas);

/*
 * The device's VFIO cdev (/dev/vfio/devices/vfioN, named by sysfs's
 * vfio-dev directory of the PCI function), opened; -ENOENT when the kernel
 * has none (no CONFIG_VFIO_DEVICE_CDEV, or before 6.6).
 */
int __vfio_cdev_open(const char *sysfs_pci, const char *bdf);
int __vfio_device_bind_iommufd(int device, int iommufd, uint32_t flags, uint32_t *devid);
int __vfio_device_attach_pt(int device, uint32_t pt_id);

#endif
