// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>

#include "problem.h"

void problem_clear(struct problem *p)
{
	if (!p)
		return;
	p->code = 0;
	p->text[0] = '\0';
}

/* Returns code so callers can write `return problem_set(p, E, ...);`. */
int problem_set(struct problem *p, int code, const char *fmt, ...)
{
	va_list ap;

	if (!p)
		return code;
	p->code = code;
	va_start(ap, fmt);
	vsnprintf(p->text, sizeof(p->text), fmt, ap);
	va_end(ap);
	return code;
}
