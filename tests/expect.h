/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_TESTS_EXPECT_H
#define VFIOC_TESTS_EXPECT_H

#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"

/* Expectations the kselftest harness lacks. */

/*
 * A diagnosis must say a precise thing: check for it and, when it is not
 * there, show what was said instead. (EXPECT_NE(NULL, strstr(...)) would
 * print two addresses.) A TH_LOG() may follow, as after any EXPECT.
 */
static inline int text_contains(const char *text, const char *needle)
{
	if (text && strstr(text, needle))
		return 1;
	fprintf(stderr, "# expected \"%s\" in \"%s\"\n", needle,
		text ? text : "(null)");
	return 0;
}

#define EXPECT_CONTAINS(text, needle) EXPECT_TRUE(text_contains(text, needle))

#define ASSERT_NOT_NULL(seen) ASSERT_NE(NULL, (seen))
#define EXPECT_NOT_NULL(seen) EXPECT_NE(NULL, (seen))

#endif
