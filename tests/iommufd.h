/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_TESTS_IOMMUFD_H
#define VFIOC_TESTS_IOMMUFD_H

/*
 * What the native iommufd programs share (iommufd_cdev, iommufd_ioas,
 * iommufd_dma; SPEC 8.6, 8.7): a device bound through its VFIO cdev to a
 * fresh iommufd and attached to an IOAS, the IOAS's ranges, a fixed MAP,
 * and the one SKIP for a kernel without /dev/iommu or the cdev.
 */
#include <inttypes.h>
#include <sys/eventfd.h>

#include "iommufd_calls.h"
#include "live.h"
#include "ranges_vs_regions.h"

#define MAX_RANGES 64
#define MAX_REGIONS 64

/* The device bound to a fresh iommufd and attached to an IOAS, or not. */
struct bound {
	int iommufd, device;
	uint32_t ioas, devid;
};

static inline void bound_close(struct bound *b)
{
	if (b->device >= 0)
		close(b->device);
	if (b->iommufd >= 0)
		close(b->iommufd);
	b->device = b->iommufd = -1;
}

#define bind_and_attach(b, dut)                                                \
	do {                                                                   \
		(b)->iommufd = ASSERT_CALL("open " IOMMUFD_PATH, __iommufd_open()); \
		(b)->device = ASSERT_CALL("open the VFIO cdev",                \
					  __vfio_cdev_open(PCI_SYSFS, (dut)->bdf)); \
		ASSERT_EQ(0, __vfio_device_bind_iommufd((b)->device, (b)->iommufd, 0, \
							&(b)->devid));         \
		ASSERT_EQ(0, __iommufd_ioas_alloc((b)->iommufd, &(b)->ioas));  \
		ASSERT_EQ(0, __vfio_device_attach_pt((b)->device, (b)->ioas)); \
	} while (0)

/* The IOAS's ranges as iova_range, asserted readable. */
#define read_ranges(b, out, n, alignment)                                      \
	do {                                                                   \
		struct iommufd_iova_range __r[MAX_RANGES];                     \
		uint32_t __num = MAX_RANGES;                                   \
		ASSERT_EQ(0, __iommufd_ioas_iova_ranges((b)->iommufd, (b)->ioas, __r, \
							&__num, (alignment))); \
		ASSERT_GE(MAX_RANGES, __num);                                  \
		for (uint32_t __i = 0; __i < __num; __i++)                     \
			(out)[__i] = (struct iova_range){ __r[__i].start, __r[__i].last }; \
		*(n) = __num;                                                  \
	} while (0)

static inline uint64_t map_fixed(int iommufd, uint32_t ioas, void *va, uint64_t iova, uint64_t len,
			  uint32_t flags)
{
	return __iommufd_ioas_map(iommufd, ioas, IOAS_MAP_FIXED_IOVA | flags, (uintptr_t)va,
				  len, &iova);
}

static inline void print_regions(const struct resv_region *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "#   reserved 0x%016" PRIx64 "-0x%016" PRIx64 " %s\n",
			r[i].range.start, r[i].range.end, resv_type_name(r[i].type));
}

/*
 * live_init, then the harness; a kernel without /dev/iommu or without the
 * device's cdev, or a 32-bit process (iommufd has no compat ioctls), makes
 * the program one SKIP naming what is missing.
 */
static inline int iommufd_main(int argc, char **argv)
{
	int fd;

	live_init();
	if (access(IOMMUFD_PATH, F_OK))
		tap_skip_all("no " IOMMUFD_PATH ": the kernel has no CONFIG_IOMMUFD");
	fd = __vfio_cdev_open(PCI_SYSFS, live.duts[0].bdf);
	if (fd == -ENOENT)
		tap_skip_all("the device has no VFIO cdev: the kernel has no CONFIG_VFIO_DEVICE_CDEV (6.6+)");
	if (fd >= 0)
		close(fd);
	fd = __iommufd_open();
	if (fd >= 0) {
		uint32_t ioas;

		if (__iommufd_ioas_alloc(fd, &ioas) == -ENOTTY)
			tap_skip_all(IOMMUFD_PATH " takes no ioctl from a 32-bit process "
				     "(iommufd_fops has no compat_ioctl, drivers/iommu/iommufd/main.c)");
		close(fd);
	}
	return test_harness_run(argc, argv);
}

#define IOMMUFD_MAIN                                                           \
	int main(int argc, char **argv)                                        \
	{                                                                      \
		return iommufd_main(argc, argv);                               \
	}

#endif
