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
#include <unistd.h>

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
 * Nothing to test here: a whole-program skip with kselftest's exit status
 * 4 (KSFT_SKIP), so that exit-code consumers see "not applicable", not a
 * pass; tools/tap-exec tells prove it is a skip. The reason is a fixed
 * sentence: details go on "# " lines, so a test's id never varies.
 */
static inline __attribute__((noreturn)) void tap_skip_all(const char *reason)
{
	if (!getenv("KSFT_TAP_LEVEL"))
		printf("TAP version 13\n");
	printf("1..0 # SKIP %s\n", reason);
	exit(KSFT_SKIP);
}

static pid_t tap_main_pid;

static void tap_exit_4_when_all_skipped(void)
{
	/* the harness runs each test in a child: only the parent counts */
	if (getpid() != tap_main_pid)
		return;
	if (ksft_cnt.ksft_xskip && !ksft_cnt.ksft_pass && !ksft_cnt.ksft_fail &&
	    !ksft_cnt.ksft_xfail && !ksft_cnt.ksft_xpass && !ksft_cnt.ksft_error) {
		fflush(NULL);
		_exit(KSFT_SKIP);
	}
}

/*
 * A program whose every test skipped exits 4, as a whole-program skip
 * does, not 0: kselftest's runner and CKI read the exit status alone.
 */
static inline void tap_exit_skip_when_all_skipped(void)
{
	tap_main_pid = getpid();
	atexit(tap_exit_4_when_all_skipped);
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
