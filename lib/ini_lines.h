/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_INI_LINES_H
#define VFIOC_INI_LINES_H

#include "problem.h"

/*
 * Feeding fixture text to libinih (ini_parse_stream) so that every error
 * can name its line: the reader counts lines and remembers where the
 * current [section] began, which inih's handler is not told.
 */
struct ini_lines {
	const char *origin;	/* the file's name, for messages */
	struct problem *p;	/* where the first error goes */
	const char *text;	/* what is left to read */
	unsigned int line;	/* of the line last handed to inih */
	unsigned int section_line;
	unsigned int too_long;	/* first line longer than inih takes, or 0 */
};

char *ini_lines_read(char *buf, int size, void *ini_lines);

/*
 * For handlers: records the first error as "ORIGIN:LINE: [SECTION] KEY:
 * WHAT" with problem code, and returns 0, inih's "stop" from a handler.
 */
int ini_lines_fail(struct ini_lines *in, int code, const char *section,
		   const char *key, const char *what);

/*
 * Runs libinih over in->text with handler and user. Unless the handler
 * already set in->p, a line too long for inih or one that is neither a
 * section nor key = value becomes problem code syntax naming the line.
 * Returns in->p->code.
 */
int ini_lines_run(struct ini_lines *in,
		  int (*handler)(void *user, const char *section,
				 const char *name, const char *value),
		  void *user, int syntax);

/*
 * Reads a fixture file and hands its text to parse (named origin = path);
 * a file that cannot be read is problem code `unreadable`.
 */
int fixture_file_parse(const char *path,
		       int (*parse)(const char *text, const char *origin,
				    void *out, struct problem *p),
		       void *out, int unreadable, struct problem *p);

/* "6.7" or "6.1.158" as KABI_VERSION(a, b, c); -1 if it is neither. */
int parse_release(const char *text, unsigned int *code);
/* "5.10.262" as KERNEL_RELEASE(a, b, c); -1 if it is not a release. */
int parse_kernel_release(const char *text, unsigned int *code);

#endif
