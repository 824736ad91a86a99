/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_SYSFS_IOMMU_H
#define VFIOC_SYSFS_IOMMU_H

#include <stddef.h>
#include <stdint.h>

#include "iova_ranges.h"
#include "problem.h"

/*
 * /sys/kernel/iommu_groups/N/reserved_regions and .../type, parsed
 * strictly: the kernel prints them with one fixed format, so anything else
 * is reported with the file and line rather than guessed at.
 */
enum resv_type {
	RESV_DIRECT,
	RESV_DIRECT_RELAXABLE,	/* the only kind VFIO lets userspace map */
	RESV_RESERVED,
	RESV_MSI,		/* IOMMU_RESV_MSI and IOMMU_RESV_SW_MSI alike */
};

struct resv_region {
	struct iova_range range;
	enum resv_type type;
};

enum group_type {
	GROUP_BLOCKED,
	GROUP_IDENTITY,
	GROUP_UNMANAGED,
	GROUP_DMA,
	GROUP_DMA_FQ,
	GROUP_UNKNOWN,	/* the kernel's own word "unknown" */
};

enum sysfs_iommu_error {
	SYSFS_OK = 0,
	SYSFS_UNREADABLE,
	SYSFS_MALFORMED,
	SYSFS_TOO_MANY,
};

#define IOMMU_GROUPS_SYSFS "/sys/kernel/iommu_groups"

int resv_regions_parse(const char *text, const char *origin,
		       struct resv_region *out, size_t max, size_t *count,
		       struct problem *p);
/* sysfs_root is normally IOMMU_GROUPS_SYSFS; tests point it elsewhere. */
int resv_regions_read(const char *sysfs_root, unsigned int group,
		      struct resv_region *out, size_t max, size_t *count,
		      struct problem *p);

int group_type_parse(const char *text, const char *origin,
		     enum group_type *type, struct problem *p);
int group_type_read(const char *sysfs_root, unsigned int group,
		    enum group_type *type, struct problem *p);

const char *resv_type_name(enum resv_type type);
const char *group_type_name(enum group_type type);

#endif
