/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_VFIO_ASSERT_H
#define VFIOC_VFIO_ASSERT_H

/*
 * Asserting twins of lib's raw calls (__name, which return 0 or -errno and
 * never assert), for the happy path inside kselftest harness TEST bodies
 * (they need _metadata). Each asserts only that the call worked and says
 * what failed; the rules under test are written in the tests, with the raw
 * forms: EXPECT_ERRNO(EINVAL, __vfio_map_dma(...)).
 */
#include <string.h>
#include <linux/vfio.h>

#include "dma_buffer.h"
#include "drivers/driver.h"
#include "info_chain.h"
#include "kselftest_harness.h"
#include "module_param.h"
#include "vfio_calls.h"
#include "vfio_device.h"

/* Exact errno, never just "failed": -err is what the raw call returns. */
#define EXPECT_ERRNO(err, expr) EXPECT_EQ(-(err), (expr))
#define ASSERT_ERRNO(err, expr) ASSERT_EQ(-(err), (expr))

#define VFIO_RW (VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)

/* ret = call, asserted >= 0 (an fd or 0), the errno named otherwise. */
#define ASSERT_CALL(what, call)                                                \
	({                                                                     \
		int __ret = (call);                                            \
		ASSERT_LE(0, __ret) TH_LOG("%s: %s", what, strerror(-__ret));  \
		__ret;                                                         \
	})

#define vfio_container_open() ASSERT_CALL("open " VFIO_CONTAINER_PATH, __vfio_container_open())
#define vfio_group_open(group) ASSERT_CALL("open the group", __vfio_group_open(group))
#define vfio_group_get_device_fd(g, bdf) \
	ASSERT_CALL("VFIO_GROUP_GET_DEVICE_FD", __vfio_group_get_device_fd(g, bdf))
#define vfio_set_iommu(c, type) \
	ASSERT_CALL("VFIO_SET_IOMMU", __vfio_set_iommu(c, type))
#define vfio_group_set_container(g, c) \
	ASSERT_CALL("VFIO_GROUP_SET_CONTAINER", __vfio_group_set_container(g, c))
#define vfio_group_unset_container(g) \
	ASSERT_CALL("VFIO_GROUP_UNSET_CONTAINER", __vfio_group_unset_container(g))
#define vfio_map_dma(c, vaddr, iova, size)                                     \
	do {                                                                   \
		uint64_t __iova = (iova), __size = (size);                     \
		int __ret = __vfio_map_dma(c, vaddr, __iova, __size, VFIO_RW); \
		ASSERT_EQ(0, __ret) TH_LOG("MAP_DMA iova 0x%llx size 0x%llx: %s", \
					   (unsigned long long)__iova,         \
					   (unsigned long long)__size,         \
					   strerror(-__ret));                  \
	} while (0)
/* The size the kernel reports unmapped. */
#define vfio_unmap_dma(c, iova, size)                                          \
	({                                                                     \
		uint64_t __iova = (iova), __size = (size), __unmapped = 0;     \
		int __ret = __vfio_unmap_dma(c, __iova, __size, 0, &__unmapped); \
		ASSERT_EQ(0, __ret) TH_LOG("UNMAP_DMA iova 0x%llx size 0x%llx: %s", \
					   (unsigned long long)__iova,         \
					   (unsigned long long)__size,         \
					   strerror(-__ret));                  \
		__unmapped;                                                    \
	})
#define vfio_device_get_info(dev, buf) \
	ASSERT_CALL("VFIO_DEVICE_GET_INFO", __vfio_device_get_info(dev, buf))
#define vfio_irq_set_eventfd(dev, index, efd) \
	ASSERT_CALL("VFIO_DEVICE_SET_IRQS", __vfio_irq_set_eventfd(dev, index, efd))
#define vfio_pci_bus_master_on(dev) \
	ASSERT_CALL("enable bus mastering", vfio_pci_enable_bus_master(dev))

/* Twins of the lib calls that say why in a struct problem. */
#define ASSERT_LIB(call)                                                       \
	do {                                                                   \
		struct problem __p;                                            \
		ASSERT_EQ(0, call) TH_LOG("%s", __p.text);                     \
	} while (0)
#define dma_device_open(d, drv, fd, scratch, scratch_iova) \
	ASSERT_LIB(__dma_device_open(d, drv, fd, scratch, scratch_iova, &__p))
#define iommu_info_read(c, ic) ASSERT_LIB(__iommu_info_read(c, ic, &__p))
#define device_info_read(dev, floor, ic) ASSERT_LIB(__device_info_read(dev, floor, ic, &__p))
#define iova_space_read(c, io) ASSERT_LIB(__iova_space_read(c, io, &__p))
#define iommu_dma_avail(c)                                                     \
	({                                                                     \
		uint32_t __avail = 0;                                          \
		ASSERT_LIB(__iommu_dma_avail(c, &__avail, &__p));              \
		__avail;                                                       \
	})
#define dma_buffer_alloc(b, granule, granules)                                 \
	ASSERT_CALL("mmap a DMA buffer", __dma_buffer_alloc(b, granule, granules))
/* vfio_iommu_type1's dma_entry_limit: mappings a new container may hold. */
#define dma_entry_limit_read()                                                 \
	({                                                                     \
		long __limit = 0;                                              \
		ASSERT_LIB(__module_param_read(MODULE_SYSFS, "vfio_iommu_type1", \
					       "dma_entry_limit", &__limit, &__p)); \
		__limit;                                                       \
	})
/* The first granule-aligned IOVA with room for count granules. */
#define iova_space_first_fit(io, count)                                        \
	({                                                                     \
		uint64_t __base = 0;                                           \
		ASSERT_EQ(0, iova_ranges_first_fit((io)->r, (io)->nr, (io)->granule, \
						   count, &__base))            \
		TH_LOG("no usable IOVA range holds %u granules of 0x%llx",     \
		       (unsigned int)(count), (unsigned long long)(io)->granule); \
		__base;                                                        \
	})

#endif
