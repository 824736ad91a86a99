/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_IOMMU_WIDTH_H
#define VFIOC_IOMMU_WIDTH_H

#include "problem.h"

/*
 * The input address width an IOMMU reports in sysfs, where it reports one:
 * Intel VT-d's capability register (/sys/class/iommu/dmarN/intel-iommu/cap,
 * hex without 0x), whose MGAW field (bits 21:16) is the width less one.
 * A second-stage domain's aperture is [0, 2^width - 1] (SPEC A73).
 */
#define IOMMU_CLASS_SYSFS "/sys/class/iommu"

enum iommu_width_error {
	IOMMU_WIDTH_OK = 0,
	IOMMU_WIDTH_UNREPORTED,	/* no such attribute: this IOMMU reports none */
	IOMMU_WIDTH_MALFORMED,
};

int iommu_width_parse_vtd_cap(const char *text, const char *origin, unsigned int *bits,
			      struct problem *p);
int iommu_width_read(const char *class_root, const char *iommu, unsigned int *bits,
		     struct problem *p);

#endif
