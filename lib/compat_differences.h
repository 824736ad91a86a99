/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_COMPAT_DIFFERENCES_H
#define VFIOC_COMPAT_DIFFERENCES_H

#include <stddef.h>

#include "problem.h"

/*
 * Where iommufd's compat container answers type1's ABI differently, by
 * design (fixtures/iommufd-compat.ini, SPEC 8.4): each difference with the
 * assertion it changes, the kernel source that says so, and the tests
 * (FIXTURE.TEST, shell patterns) whose type1 expectation it defeats. On a
 * compat backend those tests are expected to fail, naming the difference;
 * any other test that fails there is a failure.
 */
#define COMPAT_DIFFERENCES_MAX 48
#define COMPAT_DIFFERENCE_TESTS 12

struct compat_difference {
	char name[48];
	char assertion[16];	/* "A21" */
	char source[200];
	char says[400];
	char tests[COMPAT_DIFFERENCE_TESTS][80];
	size_t test_count;
	/* the kernel change (fixtures/kernel-changes.ini) compat leaves out,
	 * whose probe answers "absent" there by design; "" for none */
	char change[48];
	unsigned int line;
};

struct compat_differences {
	char origin[256];
	struct compat_difference list[COMPAT_DIFFERENCES_MAX];
	size_t count;
};

enum compat_differences_error {
	COMPAT_OK = 0,
	COMPAT_UNREADABLE,
	COMPAT_SYNTAX,
	COMPAT_BAD_KEY,
	COMPAT_BAD_VALUE,
	COMPAT_INCOMPLETE,
	COMPAT_TOO_MANY,
};

int compat_differences_parse(const char *text, const char *origin,
			     struct compat_differences *out, struct problem *p);
int compat_differences_load(const char *path, struct compat_differences *out,
			    struct problem *p);

/* The difference that names test ("get_info.argsz_sweep"), or NULL. */
const struct compat_difference *
compat_difference_for(const struct compat_differences *d, const char *test);

/* The difference that leaves out kernel change change ("migration_cap"), or NULL. */
const struct compat_difference *
compat_difference_leaving_out(const struct compat_differences *d, const char *change);

#endif
