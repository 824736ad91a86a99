// SPDX-License-Identifier: GPL-2.0-only
/*
 * abi_layout, compile-time tier (SPEC A1-A8). A build against headers that
 * break these does not produce a test program at all.
 *
 * Every ABI: flag, cap-ID and extension values and ioctl numbers (A3, A6,
 * A7), and iova_pgsizes at offset 8, which every ABI must agree on.
 * LP64 ABIs (x86_64, arm64, s390x): the whole layout, field by field, must
 * be the kernel's (A1, A2, A4, A5, A6, A8). 32-bit ABIs are compared at run
 * time instead, where known deviations are reported as TODO.
 */
#include <stddef.h>
#include <linux/version.h>
#include <linux/vfio.h>
#include <linux/vfio_zdev.h>

#include "kernel_abi.h"

#define STATIC_VALUE(name, value) \
	_Static_assert((name) == (value), #name " must be " #value);
KABI_CONSTANTS(STATIC_VALUE)
#define STATIC_CAP(ns, name, macro, id, type, newest) STATIC_VALUE(macro, id)
KABI_CAPS(STATIC_CAP)
KABI_IOCTLS(STATIC_VALUE)

_Static_assert(offsetof(struct vfio_iommu_type1_info, iova_pgsizes) == 8,
	       "vfio_iommu_type1_info.iova_pgsizes must be at offset 8 on every ABI");

#if __SIZEOF_LONG__ == 8
#define STATIC_FIELD(type, member, off, size)                                    \
	_Static_assert(offsetof(struct type, member) == (off),                   \
		       #type "." #member " must be at offset " #off);            \
	_Static_assert(sizeof(((struct type *)0)->member) == (size),             \
		       #type "." #member " must be " #size " bytes");
#define STATIC_FLEX(type, member, off, elem)                                     \
	_Static_assert(offsetof(struct type, member) == (off),                   \
		       #type "." #member "[] must start at offset " #off);       \
	_Static_assert(sizeof(((struct type *)0)->member[0]) == (elem),          \
		       #type "." #member "[] elements must be " #elem " bytes");
#define STATIC_SIZE(type, before, since, version, commit)                        \
	_Static_assert(sizeof(struct type) ==                                    \
			       (LINUX_VERSION_CODE >= (version) ? (since) : (before)), \
		       "sizeof(struct " #type ") must be " #before " before " #version \
		       " and " #since " from it");
KABI_FIELDS(STATIC_FIELD, STATIC_FLEX)
KABI_SIZES(STATIC_SIZE)
#endif
