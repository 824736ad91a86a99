/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_PLATFORM_H
#define VFIOC_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dut.h"
#include "iova_ranges.h"
#include "problem.h"

/*
 * A platform's expectations (an .ini in fixtures/platforms/): which machines it
 * describes, and what their IOMMU reports -- page sizes and the windows
 * the kernel reserves.
 *
 *   [platform]  name, arch (uname -m), iommu (glob on the IOMMU instance)
 *               or iommu_driver (driver of the IOMMU's own device),
 *               page_size (the CPU page size, when it changes the answers),
 *               dma_fault (isolates: a DMA fault takes the function out of
 *               service, as zPCI does; default: reported and survived)
 *   [iova_pgsizes]  must (bits that must be set), may (no bit outside)
 *   [window NAME]   start, end, type (msi, reserved, direct)
 */
#define PLATFORM_WINDOWS 8

struct platform_window {
	char name[32];
	struct iova_range range;
	char type[24];
};

struct platform {
	char origin[256];
	char name[96];
	char arch[24];
	char iommu[64];
	char iommu_driver[64];
	long page_size;		/* 0: any */
	bool dma_fault_isolates;
	uint64_t pgsizes_must, pgsizes_may;
	/*
	 * [iova_pgsizes before CHANGE]: what a kernel without upstream change
	 * CHANGE (fixtures/kernel-changes.ini) offers instead; "" if none.
	 */
	char pgsizes_change[48];
	uint64_t pgsizes_must_before, pgsizes_may_before;
	struct platform_window windows[PLATFORM_WINDOWS];
	size_t window_count;
	/* [aperture] end: where the last IOVA range must end (A73) */
	enum aperture_rule {
		APERTURE_UNCHECKED,	/* no [aperture]: virtio-iommu, s390 */
		APERTURE_WIDTH,		/* 2^W-1, W the width sysfs reports
					 * (2^(W-1)-1 for a first-stage domain) */
		APERTURE_POWER_OF_TWO,	/* E+1 a power of two, or E = 2^64-1 */
		APERTURE_EXACT,		/* this value (--record writes it) */
	} aperture;
	uint64_t aperture_end;		/* APERTURE_EXACT */
};

enum platform_error {
	PLATFORM_OK = 0,
	PLATFORM_UNREADABLE,
	PLATFORM_MALFORMED,
	PLATFORM_NONE,		/* no fixture describes this machine */
};

int platform_parse(const char *text, const char *origin, struct platform *out,
		   struct problem *p);
int platform_load(const char *path, struct platform *out, struct problem *p);

bool platform_matches(const struct platform *pf, const char *arch,
		      long page_size, const struct dut *d);

/*
 * The fixture in dir describing this machine; PLATFORM_NONE when none
 * does, an error naming file, line and key when one is malformed.
 */
int platform_detect(const char *dir, const char *arch, long page_size,
		    const struct dut *d, struct platform *out, struct problem *p);

#endif
