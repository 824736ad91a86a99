/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_DUT_H
#define VFIOC_DUT_H

#include <stdbool.h>
#include <stddef.h>

#include "problem.h"

/*
 * The devices under test: PCI functions bound to vfio-pci, found in sysfs,
 * each with its IOMMU group and the IOMMU instance it sits behind.
 */
#define PCI_SYSFS "/sys/bus/pci"
#define DUT_MAX 16

struct dut {
	char bdf[32];		/* 0000:00:01.0 */
	unsigned int group;
	char iommu[96];		/* name of the IOMMU instance ("dmar0"), or "" */
	char iommu_driver[64];	/* driver of the IOMMU's own device, or "" */
	unsigned int vendor, device;
	char driver[64];	/* the device's driver, or "" */
	bool has_group;
};

enum dut_error {
	DUT_OK = 0,
	DUT_NONE,		/* nothing is bound to vfio-pci */
	DUT_BAD_NAME,		/* not a PCI address */
	DUT_NOT_FOUND,
	DUT_NOT_VFIO,		/* bound to another driver, or to none */
	DUT_NO_GROUP,
};

/*
 * What sysfs says of one device by address ("0000:00:01.0" or "00:01.0"),
 * whatever its driver: DUT_BAD_NAME or DUT_NOT_FOUND otherwise. sysfs_pci
 * is normally PCI_SYSFS; tests point it at a crafted tree.
 */
int dut_describe(const char *sysfs_pci, const char *bdf, struct dut *d,
		 struct problem *p);

/* One device under test: as dut_describe, and bound to vfio-pci, in a group. */
int dut_from_bdf(const char *sysfs_pci, const char *bdf, struct dut *d,
		 struct problem *p);

/*
 * The devices named in list (space- or comma-separated addresses, as in
 * $VFIO_CONFORMANCE_BDF), or, with list NULL or empty, every device bound
 * to vfio-pci.
 */
int dut_discover(const char *sysfs_pci, const char *list, struct dut *out,
		 size_t max, size_t *count, struct problem *p);

#endif
