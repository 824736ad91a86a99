/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_KERNEL_PROBES_H
#define VFIOC_KERNEL_PROBES_H

#include <stdbool.h>

#include "problem.h"

/*
 * Observations that tell which side of an upstream change the running
 * kernel is on (named by `detect = probe NAME` in the kernel changes
 * fixture). Each looks at a container that has a group and an IOMMU set.
 */
bool kernel_probe_known(const char *name);

/* 0 with *present set, or -errno / non-zero with p saying why not. */
int kernel_probe_run(const char *name, int container, bool *present,
		     struct problem *p);

#endif
