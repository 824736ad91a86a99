/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_BACKEND_H
#define VFIOC_BACKEND_H

#include <stdbool.h>
#include <stddef.h>

#include "problem.h"

/*
 * The backend axis: which node is opened as the container, which
 * implementation must be serving it, and which IOMMU type is set on it.
 * Type1 and iommufd's compat layer both answer /dev/vfio/vfio (one or the
 * other, by CONFIG_IOMMUFD_VFIO_CONTAINER); /dev/iommu passed to
 * VFIO_GROUP_SET_CONTAINER is compat too (SPEC 8.1).
 */
enum backend_impl { BACKEND_TYPE1, BACKEND_IOMMUFD_COMPAT };

/*
 * X(arg, name, node, iommu type, implementation): the table, in one place
 * (the types are VFIO_TYPE1v2_IOMMU and VFIO_TYPE1_IOMMU).
 */
#define BACKEND_TABLE(X, arg)                                                   \
	X(arg, type1v2, "/dev/vfio/vfio", 3, BACKEND_TYPE1)                    \
	X(arg, type1v1, "/dev/vfio/vfio", 1, BACKEND_TYPE1)                    \
	X(arg, compat_v2, "/dev/vfio/vfio", 3, BACKEND_IOMMUFD_COMPAT)         \
	X(arg, compat_v1, "/dev/vfio/vfio", 1, BACKEND_IOMMUFD_COMPAT)         \
	X(arg, iommufd_v2, "/dev/iommu", 3, BACKEND_IOMMUFD_COMPAT)            \
	X(arg, iommufd_v1, "/dev/iommu", 1, BACKEND_IOMMUFD_COMPAT)

struct backend {
	const char *name;
	const char *node;
	unsigned long iommu_type;
	enum backend_impl impl;
};

#define BACKEND_DECLARE(_, n, node, type, impl) extern const struct backend backend_##n;
BACKEND_TABLE(BACKEND_DECLARE, )
#undef BACKEND_DECLARE

#define BACKEND_COUNT_ONE(...) +1
enum { BACKEND_COUNT = 0 BACKEND_TABLE(BACKEND_COUNT_ONE, ) };
#undef BACKEND_COUNT_ONE

extern const struct backend *const backends[BACKEND_COUNT];
extern const size_t backend_count;

/* b's position in backends[]; backend_count if b is no row of the table. */
size_t backend_index(const struct backend *b);
const char *backend_impl_name(enum backend_impl impl);

/*
 * Which implementation serves node, told by CHECK_EXTENSION(VFIO_DMA_CC_IOMMU)
 * on a fresh open (SPEC 8.2 (1)): type1 answers 0, compat -1/ENODEV.
 * 0, or -errno (the node cannot be opened, or answers neither way: said in p).
 */
int backend_impl_of(const char *node, enum backend_impl *impl, struct problem *p);

/* Is b here? If not, why, in one sentence (p->text). */
bool backend_present(const struct backend *b, struct problem *p);

/* Every row of the table asked once: here, or why not (by backend_index). */
struct backend_survey {
	bool here[BACKEND_COUNT];
	struct problem why[BACKEND_COUNT];
};
void backend_survey(struct backend_survey *s);

/*
 * Whether the IOMMU domain, and with it the reserved regions, the
 * aperture and the page sizes, exists only once a device FD of the group
 * is open (compat: vfio_df_group_open attaches; SPEC 8.3), rather than
 * from SET_IOMMU (type1).
 */
static inline bool backend_attaches_at_device_open(const struct backend *b)
{
	return b->impl == BACKEND_IOMMUFD_COMPAT;
}

/* The backend's node, opened: an fd, or -errno. */
int __backend_open(const struct backend *b);

/*
 * The backend a fixture variant's name stands for: the row whose name it
 * is, begins with before a '_' (type1v2_edu) or ends with after one
 * (fresh_type1v2); NULL if none.
 */
const struct backend *backend_of_variant(const char *variant);

#endif
