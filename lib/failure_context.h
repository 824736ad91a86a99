/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_FAILURE_CONTEXT_H
#define VFIOC_FAILURE_CONTEXT_H

#include <stdio.h>

#include "dut.h"

/* What a failure is reported against. */
struct failure_context {
	const char *release, *machine;	/* uname -r, -m */
	const struct dut *dut;
	const char *fixture;	/* "platform fixture PATH", or why there is none */
	const char *iommu_groups_sysfs;	/* normally IOMMU_GROUPS_SYSFS */
};

/*
 * "# " lines for a kernel engineer: kernel, device, group and fixture; the
 * GET_INFO header and its decoded capability chain as the kernel returns
 * them now (container >= 0); the group's reserved regions.
 */
void failure_context_dump(FILE *out, const struct failure_context *ctx, int container);

#endif
