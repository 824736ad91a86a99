/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_PROBLEM_H
#define VFIOC_PROBLEM_H

/*
 * What a lib/ mechanism found wrong, phrased for a kernel engineer.
 * code is the module's own enum (0 = nothing wrong); text says where and
 * what, with the values seen, so a test can print it unchanged.
 */
struct problem {
	int code;
	char text[320];
};

void problem_clear(struct problem *p);
int problem_set(struct problem *p, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
