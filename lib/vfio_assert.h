/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_VFIO_ASSERT_H
#define VFIOC_VFIO_ASSERT_H

/*
 * Asserting forms of lib/vfio_calls.h for the happy path, for use inside
 * kselftest harness TEST bodies (they need _metadata). They assert only
 * that the call worked; the rules under test are written in the tests.
 */
#include <linux/vfio.h>

#include "kselftest_harness.h"
#include "vfio_calls.h"

/* Exact errno, never just "failed": -err is what the raw call returns. */
#define EXPECT_ERRNO(err, expr) EXPECT_EQ(-(err), (expr))
#define ASSERT_ERRNO(err, expr) ASSERT_EQ(-(err), (expr))

#define VFIO_RW (VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)

#define vfio_set_iommu(c, type) ASSERT_EQ(0, __vfio_set_iommu(c, type))
#define vfio_group_set_container(g, c) \
	ASSERT_EQ(0, __vfio_group_set_container(g, c))
#define vfio_group_unset_container(g) \
	ASSERT_EQ(0, __vfio_group_unset_container(g))
#define vfio_map_dma(c, vaddr, iova, size) \
	ASSERT_EQ(0, __vfio_map_dma(c, vaddr, iova, size, VFIO_RW))
#define vfio_unmap_dma(c, iova, size)                                       \
	({                                                                  \
		uint64_t __unmapped = 0;                                    \
		ASSERT_EQ(0, __vfio_unmap_dma(c, iova, size, 0, &__unmapped)); \
		__unmapped;                                                 \
	})
#define vfio_iommu_info_fetch(c, info) \
	ASSERT_EQ(0, __vfio_iommu_info_fetch(c, info))

#endif
