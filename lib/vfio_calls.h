/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_VFIO_CALLS_H
#define VFIOC_VFIO_CALLS_H

#include <stdint.h>

/*
 * Raw VFIO calls: each returns 0 (or the value the ioctl returns, or a new
 * fd) on success and -errno on failure, and never asserts, so a negative
 * test reads as the rule it checks:
 *     EXPECT_ERRNO(EINVAL, __vfio_map_dma(c, va, msi_start, page, RW));
 * The asserting forms for the happy path are in vfio_assert.h.
 */
#define VFIO_CONTAINER_PATH "/dev/vfio/vfio"

int __vfio_container_open(void);
int __vfio_group_open(unsigned int group);
int __vfio_get_api_version(int container);
int __vfio_check_extension(int container, unsigned long extension);
int __vfio_set_iommu(int container, unsigned long type);
int __vfio_group_get_status(int group_fd, uint32_t *flags);
int __vfio_group_set_container(int group_fd, int container);
int __vfio_group_unset_container(int group_fd);
int __vfio_group_get_device_fd(int group_fd, const char *bdf);

/*
 * One VFIO_IOMMU_GET_INFO or VFIO_DEVICE_GET_INFO with the caller's buffer
 * as is: the caller sets argsz (and anything else) in buf.
 */
int __vfio_iommu_get_info(int container, void *buf);
int __vfio_device_get_info(int device_fd, void *buf);

int __vfio_map_dma(int container, uint64_t vaddr, uint64_t iova,
		   uint64_t size, uint32_t flags);
/* unmapped (may be NULL) receives the size the kernel wrote back. */
int __vfio_unmap_dma(int container, uint64_t iova, uint64_t size,
		     uint32_t flags, uint64_t *unmapped);

/*
 * The whole info buffer by the argsz-growth protocol: ask with the fixed
 * header, then again with the argsz the kernel asked for. buf is malloc'd;
 * len is the final argsz.
 */
struct vfio_info_buf {
	void *buf;
	uint32_t len;
};

int __vfio_iommu_info_fetch(int container, struct vfio_info_buf *info);
/* The protocol itself, over any single-call getter; header: first argsz. */
int __vfio_info_fetch(int fd, int (*get)(int fd, void *buf), uint32_t header,
		      struct vfio_info_buf *info);
int __vfio_device_info_fetch(int device_fd, struct vfio_info_buf *info);
void vfio_info_buf_free(struct vfio_info_buf *info);

/* Fields of the fixed info headers, read at the kernel's offsets. */
uint32_t vfio_info_argsz(const struct vfio_info_buf *info);
uint32_t vfio_info_flags(const struct vfio_info_buf *info);
uint64_t vfio_iommu_info_pgsizes(const struct vfio_info_buf *info);
uint32_t vfio_iommu_info_cap_offset(const struct vfio_info_buf *info);
uint32_t vfio_device_info_cap_offset(const struct vfio_info_buf *info);

#endif
