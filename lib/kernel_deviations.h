/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_KERNEL_DEVIATIONS_H
#define VFIOC_KERNEL_DEVIATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "problem.h"

/*
 * Upstream changes to type1 behaviour (fixtures/kernel-changes.ini):
 * the commit, its first release, and how to tell whether the running
 * kernel has it -- by probing a behaviour of the same commit (distro
 * kernels backport), or, where nothing can be probed, by the release.
 */
enum kernel_detect { DETECT_PROBE, DETECT_RELEASE };

struct kernel_deviation {
	char name[48];
	char commit[48];	/* hex id, or "unknown" */
	char title[160];
	unsigned int release;	/* KABI_VERSION of the first release */
	unsigned int stable;	/* a stable release it was backported to, or 0 */
	char arch[24];		/* uname -m it concerns; "" for all */
	enum kernel_detect detect;
	char probe[48];
	unsigned int line;
};

struct kernel_deviations {
	char origin[256];
	struct kernel_deviation list[32];
	size_t count;
};

enum kernel_deviations_error {
	KDEV_OK = 0,
	KDEV_UNREADABLE,
	KDEV_SYNTAX,
	KDEV_BAD_KEY,
	KDEV_BAD_VALUE,
	KDEV_INCOMPLETE,
	KDEV_UNKNOWN_NAME,
};

int kernel_deviations_parse(const char *text, const char *origin,
			    struct kernel_deviations *out, struct problem *p);
int kernel_deviations_load(const char *path, struct kernel_deviations *out,
			   struct problem *p);
const struct kernel_deviation *
kernel_deviation_find(const struct kernel_deviations *d, const char *name);

/*
 * The kernel's mainline release from uname: "6.1.0-56-amd64" gives 6.1.0;
 * a distro version string in `version` ("... Debian 6.1.192-2 ...") adds
 * the stable level. 0 if it cannot be read.
 */
unsigned int kernel_release_code(const char *release, const char *version);

/* By release: code is at or past the release, or in the stable series at
 * or past the backport. */
bool kernel_deviation_in_release(const struct kernel_deviation *d,
				 unsigned int code);

#endif
