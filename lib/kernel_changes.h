/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_KERNEL_CHANGES_H
#define VFIOC_KERNEL_CHANGES_H

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

struct kernel_change {
	char name[48];
	char commit[48];	/* hex id, or "unknown" */
	char title[160];
	unsigned int release;	/* KERNEL_RELEASE of the first release */
	/* stable releases it was backported to, one per stable series */
	unsigned int stable[6];
	size_t stable_count;
	char arch[24];		/* uname -m it concerns; "" for all */
	enum kernel_detect detect;
	char probe[48];
	unsigned int line;
};

struct kernel_changes {
	char origin[256];
	struct kernel_change list[32];
	size_t count;
};

enum kernel_changes_error {
	KCHANGE_OK = 0,
	KCHANGE_UNREADABLE,
	KCHANGE_SYNTAX,
	KCHANGE_BAD_KEY,
	KCHANGE_BAD_VALUE,
	KCHANGE_INCOMPLETE,
	KCHANGE_UNKNOWN_NAME,
	KCHANGE_UNDECIDED,	/* the running kernel's side cannot be told */
	KCHANGE_REGRESSION,	/* a release that has the change, without it */
};

int kernel_changes_parse(const char *text, const char *origin,
			    struct kernel_changes *out, struct problem *p);
int kernel_changes_load(const char *path, struct kernel_changes *out,
			   struct problem *p);
const struct kernel_change *
kernel_change_find(const struct kernel_changes *d, const char *name);

/*
 * The kernel's mainline release from uname: "6.1.0-56-amd64" gives 6.1.0;
 * a distro version string in `version` ("... Debian 6.1.192-2 ...") adds
 * the stable level. 0 if it cannot be read.
 */
unsigned int kernel_release_code(const char *release, const char *version);

/* By release: code is at or past the release, or in one of the stable
 * series at or past its backport. */
bool kernel_change_in_release(const struct kernel_change *d,
				 unsigned int code);

/* What a decision looks at: uname -r, -v, -m, and for probes a container
 * with a group and an IOMMU set (-1: none). */
struct kernel_context {
	const char *release, *version, *machine;
	int container;
	/* how a probe is run: kernel_probe_run unless set (unit tests) */
	int (*probe)(const char *name, int container, bool *present, struct problem *p);
};

/* The environment variable that decides change NAME by hand: y or n. */
#define KERNEL_CHANGE_OVERRIDE "VFIO_CONFORMANCE_HAS_"

/*
 * Does the running kernel have change c? 0 with *present set and `how`
 * saying how that was decided; non-zero with p saying why it cannot be.
 * In order: $VFIO_CONFORMANCE_HAS_<name> (y|n, for a backport no probe
 * can see); moot on another architecture than the change's (as if
 * present); the probe; the release. A probe decides only for kernels
 * older than the change: one that finds the change missing from a release
 * that has it is KCHANGE_REGRESSION, never a reason to expect the old
 * behaviour.
 */
int kernel_change_decide(const struct kernel_change *c,
			 const struct kernel_context *k, bool *present,
			 char *how, size_t size, struct problem *p);

#endif
