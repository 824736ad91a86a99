/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_TAP_H
#define VFIOC_TAP_H

/*
 * The two TAP forms the kselftest library lacks, built on its counters so
 * numbering and the closing totals stay right.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "kselftest.h"

/*
 * A known deviation, as kselftest prints an expected failure: "ok N name
 * # XFAIL reason". tools/tap-exec turns it into TAP's TODO for prove, the
 * one place that translation happens; the defect stays in the report.
 */
static inline void tap_xfail(const char *name, const char *reason)
{
	ksft_inc_xfail_cnt();
	printf("ok %u %s # XFAIL %s\n", ksft_test_num(), name, reason);
}

/*
 * Nothing to test here: a whole-binary skip that prove accepts (exit 0;
 * kselftest's own ksft_exit_skip exits 4, which prove reports as failed).
 */
static inline __attribute__((noreturn)) void tap_skip_all(const char *reason)
{
	if (!getenv("KSFT_TAP_LEVEL"))
		printf("TAP version 13\n");
	printf("1..0 # SKIP %s\n", reason);
	exit(0);
}

/* The program cannot run at all: one sentence, and prove fails it. */
static inline __attribute__((noreturn, format(printf, 1, 2)))
void tap_bail_out(const char *fmt, ...)
{
	va_list ap;

	printf("TAP version 13\nBail out! ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(1);
}

#endif
