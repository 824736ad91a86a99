/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_KERNEL_ABI_H
#define VFIOC_KERNEL_ABI_H

/*
 * The VFIO type1 user ABI as a 64-bit kernel writes it: the project's own
 * reference, written down from the kernel's uapi history (SPEC.md §1), not
 * taken from the headers this build compiles against. Those headers are
 * what is checked against it (tests/abi_layout*); lib/ readers use these
 * offsets to parse what the kernel wrote, which is why a 32-bit build still
 * decodes caps correctly where its own struct layout is wrong.
 */

/* FIELD(type, member, offset, size) -- one fixed-size member. */
/* FLEX(type, member, offset, element_size) -- a trailing flexible array. */
#define KABI_FIELDS(FIELD, FLEX)                                                 \
	FIELD(vfio_info_cap_header, id, 0, 2)                                    \
	FIELD(vfio_info_cap_header, version, 2, 2)                               \
	FIELD(vfio_info_cap_header, next, 4, 4)                                  \
	FIELD(vfio_iommu_type1_info, argsz, 0, 4)                                \
	FIELD(vfio_iommu_type1_info, flags, 4, 4)                                \
	FIELD(vfio_iommu_type1_info, iova_pgsizes, 8, 8)                         \
	FIELD(vfio_iommu_type1_info, cap_offset, 16, 4)                          \
	FIELD(vfio_iova_range, start, 0, 8)                                      \
	FIELD(vfio_iova_range, end, 8, 8)                                        \
	FIELD(vfio_iommu_type1_info_cap_iova_range, header, 0, 8)                \
	FIELD(vfio_iommu_type1_info_cap_iova_range, nr_iovas, 8, 4)              \
	FIELD(vfio_iommu_type1_info_cap_iova_range, reserved, 12, 4)             \
	FLEX(vfio_iommu_type1_info_cap_iova_range, iova_ranges, 16, 16)          \
	FIELD(vfio_iommu_type1_info_cap_migration, header, 0, 8)                 \
	FIELD(vfio_iommu_type1_info_cap_migration, flags, 8, 4)                  \
	FIELD(vfio_iommu_type1_info_cap_migration, pgsize_bitmap, 16, 8)         \
	FIELD(vfio_iommu_type1_info_cap_migration, max_dirty_bitmap_size, 24, 8) \
	FIELD(vfio_iommu_type1_info_dma_avail, header, 0, 8)                     \
	FIELD(vfio_iommu_type1_info_dma_avail, avail, 8, 4)                      \
	FIELD(vfio_iommu_type1_dma_map, argsz, 0, 4)                             \
	FIELD(vfio_iommu_type1_dma_map, flags, 4, 4)                             \
	FIELD(vfio_iommu_type1_dma_map, vaddr, 8, 8)                             \
	FIELD(vfio_iommu_type1_dma_map, iova, 16, 8)                             \
	FIELD(vfio_iommu_type1_dma_map, size, 24, 8)                             \
	FIELD(vfio_iommu_type1_dma_unmap, argsz, 0, 4)                           \
	FIELD(vfio_iommu_type1_dma_unmap, flags, 4, 4)                           \
	FIELD(vfio_iommu_type1_dma_unmap, iova, 8, 8)                            \
	FIELD(vfio_iommu_type1_dma_unmap, size, 16, 8)                           \
	FLEX(vfio_iommu_type1_dma_unmap, data, 24, 1)                            \
	FIELD(vfio_bitmap, pgsize, 0, 8)                                         \
	FIELD(vfio_bitmap, size, 8, 8)                                           \
	FIELD(vfio_bitmap, data, 16, 8)                                          \
	FIELD(vfio_device_info, argsz, 0, 4)                                     \
	FIELD(vfio_device_info, flags, 4, 4)                                     \
	FIELD(vfio_device_info, num_regions, 8, 4)                               \
	FIELD(vfio_device_info, num_irqs, 12, 4)                                 \
	FIELD(vfio_device_info, cap_offset, 16, 4)                               \
	FIELD(vfio_device_info_cap_zpci_base, header, 0, 8)                      \
	FIELD(vfio_device_info_cap_zpci_base, start_dma, 8, 8)                   \
	FIELD(vfio_device_info_cap_zpci_base, end_dma, 16, 8)                    \
	FIELD(vfio_device_info_cap_zpci_base, pchid, 24, 2)                      \
	FIELD(vfio_device_info_cap_zpci_base, vfn, 26, 2)                        \
	FIELD(vfio_device_info_cap_zpci_base, fmb_length, 28, 2)                 \
	FIELD(vfio_device_info_cap_zpci_base, pft, 30, 1)                        \
	FIELD(vfio_device_info_cap_zpci_base, gid, 31, 1)                        \
	FIELD(vfio_device_info_cap_zpci_base, fh, 32, 4)                         \
	FIELD(vfio_device_info_cap_zpci_group, header, 0, 8)                     \
	FIELD(vfio_device_info_cap_zpci_group, dasm, 8, 8)                       \
	FIELD(vfio_device_info_cap_zpci_group, msi_addr, 16, 8)                  \
	FIELD(vfio_device_info_cap_zpci_group, flags, 24, 8)                     \
	FIELD(vfio_device_info_cap_zpci_group, mui, 32, 2)                       \
	FIELD(vfio_device_info_cap_zpci_group, noi, 34, 2)                       \
	FIELD(vfio_device_info_cap_zpci_group, maxstbl, 36, 2)                   \
	FIELD(vfio_device_info_cap_zpci_group, version, 38, 1)                   \
	FIELD(vfio_device_info_cap_zpci_group, reserved, 39, 1)                  \
	FIELD(vfio_device_info_cap_zpci_group, imaxstbl, 40, 2)                  \
	FIELD(vfio_device_info_cap_zpci_util, header, 0, 8)                      \
	FIELD(vfio_device_info_cap_zpci_util, size, 8, 4)                        \
	FLEX(vfio_device_info_cap_zpci_util, util_str, 12, 1)                    \
	FIELD(vfio_device_info_cap_zpci_pfip, header, 0, 8)                      \
	FIELD(vfio_device_info_cap_zpci_pfip, size, 8, 4)                        \
	FLEX(vfio_device_info_cap_zpci_pfip, pfip, 12, 1)

/*
 * SIZE(type, size_before, size_since, uapi_version, commit): sizeof as the
 * kernel's own header defines it. Where an upstream commit changed it, the
 * headers of uapi_version and later have size_since; older ones size_before.
 */
#define KABI_SIZES(SIZE)                                                         \
	SIZE(vfio_info_cap_header, 8, 8, 0, "")                                  \
	SIZE(vfio_iommu_type1_info, 24, 24, 0, "")                               \
	SIZE(vfio_iova_range, 16, 16, 0, "")                                     \
	SIZE(vfio_iommu_type1_info_cap_iova_range, 16, 16, 0, "")                \
	SIZE(vfio_iommu_type1_info_cap_migration, 32, 32, 0, "")                 \
	SIZE(vfio_iommu_type1_info_dma_avail, 12, 12, 0, "")                     \
	SIZE(vfio_iommu_type1_dma_map, 32, 32, 0, "")                            \
	SIZE(vfio_iommu_type1_dma_unmap, 24, 24, 0, "")                          \
	SIZE(vfio_bitmap, 24, 24, 0, "")                                         \
	SIZE(vfio_device_info, 20, 24, KABI_VERSION(6, 6, 0), "a881b496941f")    \
	SIZE(vfio_device_info_cap_zpci_base, 40, 40, 0, "")                      \
	SIZE(vfio_device_info_cap_zpci_group, 48, 48, 0, "")                     \
	SIZE(vfio_device_info_cap_zpci_util, 12, 12, 0, "")                      \
	SIZE(vfio_device_info_cap_zpci_pfip, 12, 12, 0, "")

/* CONST(macro, value): flag, capability-ID and extension values. */
#define KABI_CONSTANTS(CONST)                                                    \
	CONST(VFIO_API_VERSION, 0)                                               \
	CONST(VFIO_TYPE1_IOMMU, 1)                                               \
	CONST(VFIO_SPAPR_TCE_IOMMU, 2)                                           \
	CONST(VFIO_TYPE1v2_IOMMU, 3)                                             \
	CONST(VFIO_DMA_CC_IOMMU, 4)                                              \
	CONST(VFIO_EEH, 5)                                                       \
	CONST(VFIO_SPAPR_TCE_v2_IOMMU, 7)                                        \
	CONST(VFIO_NOIOMMU_IOMMU, 8)                                             \
	CONST(VFIO_UNMAP_ALL, 9)                                                 \
	CONST(VFIO_UPDATE_VADDR, 10)                                             \
	CONST(VFIO_IOMMU_INFO_PGSIZES, 1)                                        \
	CONST(VFIO_IOMMU_INFO_CAPS, 2)                                           \
	CONST(VFIO_DMA_MAP_FLAG_READ, 1)                                         \
	CONST(VFIO_DMA_MAP_FLAG_WRITE, 2)                                        \
	CONST(VFIO_DMA_MAP_FLAG_VADDR, 4)                                        \
	CONST(VFIO_DMA_UNMAP_FLAG_GET_DIRTY_BITMAP, 1)                           \
	CONST(VFIO_DMA_UNMAP_FLAG_ALL, 2)                                        \
	CONST(VFIO_DMA_UNMAP_FLAG_VADDR, 4)                                      \
	CONST(VFIO_DEVICE_FLAGS_CAPS, 0x80)                                      \
	CONST(VFIO_DEVICE_INFO_ZPCI_FLAG_REFRESH, 1)

/*
 * CAP(namespace, NAME, uapi_macro, id, payload_type, newest_version): every
 * capability this suite reads, in VFIO_IOMMU_GET_INFO (IOMMU_INFO) or
 * VFIO_DEVICE_GET_INFO (DEVICE_INFO). The walker's names, the readers'
 * version gates, the probes, the tests and the crafted buffers all take
 * their IDs from here (KABI_CAP_NAME); the uapi macro's value is checked
 * against id like every constant above.
 */
#define KABI_CAPS(CAP)                                                           \
	CAP(IOMMU_INFO, IOVA_RANGE, VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE, 1,     \
	    vfio_iommu_type1_info_cap_iova_range, 1)                             \
	CAP(IOMMU_INFO, MIGRATION, VFIO_IOMMU_TYPE1_INFO_CAP_MIGRATION, 2,       \
	    vfio_iommu_type1_info_cap_migration, 1)                              \
	CAP(IOMMU_INFO, DMA_AVAIL, VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL, 3,           \
	    vfio_iommu_type1_info_dma_avail, 1)                                  \
	CAP(DEVICE_INFO, ZPCI_BASE, VFIO_DEVICE_INFO_CAP_ZPCI_BASE, 1,           \
	    vfio_device_info_cap_zpci_base, 2)                                   \
	CAP(DEVICE_INFO, ZPCI_GROUP, VFIO_DEVICE_INFO_CAP_ZPCI_GROUP, 2,         \
	    vfio_device_info_cap_zpci_group, 2)                                  \
	CAP(DEVICE_INFO, ZPCI_UTIL, VFIO_DEVICE_INFO_CAP_ZPCI_UTIL, 3,           \
	    vfio_device_info_cap_zpci_util, 1)                                   \
	CAP(DEVICE_INFO, ZPCI_PFIP, VFIO_DEVICE_INFO_CAP_ZPCI_PFIP, 4,           \
	    vfio_device_info_cap_zpci_pfip, 1)

/* IOCTL(macro, number): all are _IO(';', 100 + n) with no size encoded. */
#define KABI_IOCTLS(IOCTL)                                                       \
	IOCTL(VFIO_GET_API_VERSION, 0x3B64)                                      \
	IOCTL(VFIO_CHECK_EXTENSION, 0x3B65)                                      \
	IOCTL(VFIO_SET_IOMMU, 0x3B66)                                            \
	IOCTL(VFIO_GROUP_GET_STATUS, 0x3B67)                                     \
	IOCTL(VFIO_GROUP_SET_CONTAINER, 0x3B68)                                  \
	IOCTL(VFIO_GROUP_UNSET_CONTAINER, 0x3B69)                                \
	IOCTL(VFIO_GROUP_GET_DEVICE_FD, 0x3B6A)                                  \
	IOCTL(VFIO_DEVICE_GET_INFO, 0x3B6B)                                      \
	IOCTL(VFIO_IOMMU_GET_INFO, 0x3B70)                                       \
	IOCTL(VFIO_IOMMU_MAP_DMA, 0x3B71)                                        \
	IOCTL(VFIO_IOMMU_UNMAP_DMA, 0x3B72)                                      \
	IOCTL(VFIO_IOMMU_ENABLE, 0x3B73)                                         \
	IOCTL(VFIO_IOMMU_DISABLE, 0x3B74)                                        \
	IOCTL(VFIO_IOMMU_DIRTY_PAGES, 0x3B75)

#define KABI_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + (c))
/*
 * A running kernel's release: stable levels pass 255 (5.10.262), so the
 * sublevel gets 16 bits here where LINUX_VERSION_CODE gives it 8.
 */
#define KERNEL_RELEASE(a, b, c) (((a) << 24) | ((b) << 16) | (c))
#define KERNEL_RELEASE_MAJOR(code) ((code) >> 24)
#define KERNEL_RELEASE_MINOR(code) (((code) >> 16) & 0xff)
#define KERNEL_RELEASE_SUBLEVEL(code) ((code) & 0xffff)

/* kabi_off(vfio_iova_range, end) == 8: where the kernel puts a member. */
#define KABI_ENUM_FIELD(type, member, off, size)                                 \
	kabi_off_##type##__##member = (off), kabi_size_##type##__##member = (size),
#define KABI_ENUM_FLEX(type, member, off, elem)                                  \
	kabi_off_##type##__##member = (off),
enum { KABI_FIELDS(KABI_ENUM_FIELD, KABI_ENUM_FLEX) };
#define KABI_ENUM_SIZE(type, before, since, version, commit)                     \
	kabi_sizeof_##type = (since), kabi_sizeof_before_##type = (before),
enum { KABI_SIZES(KABI_ENUM_SIZE) };
#define KABI_ENUM_CAP(ns, name, macro, id, type, newest) KABI_CAP_##name = (id),
enum kabi_cap_id { KABI_CAPS(KABI_ENUM_CAP) };
#undef KABI_ENUM_FIELD
#undef KABI_ENUM_FLEX
#undef KABI_ENUM_SIZE
#undef KABI_ENUM_CAP

#define kabi_off(type, member) ((uint32_t)kabi_off_##type##__##member)
#define kabi_size(type, member) ((uint32_t)kabi_size_##type##__##member)
/* The current kernel's sizeof; readers must not rely on it for old kernels. */
#define kabi_sizeof(type) ((uint32_t)kabi_sizeof_##type)
/* sizeof before the commit that changed it (KABI_SIZES), else the same. */
#define kabi_sizeof_before(type) ((uint32_t)kabi_sizeof_before_##type)

#endif
