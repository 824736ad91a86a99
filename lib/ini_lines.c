// SPDX-License-Identifier: GPL-2.0-only
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini_lines.h"
#include "kernel_abi.h"
#include "text_file.h"

char *ini_lines_read(char *buf, int size, void *stream)
{
	struct ini_lines *in = stream;
	const char *end;
	size_t len;

	if (!*in->text)
		return NULL;
	end = strchr(in->text, '\n');
	len = end ? (size_t)(end - in->text) + 1 : strlen(in->text);
	in->line++;
	if (in->text[strspn(in->text, " \t")] == '[')
		in->section_line = in->line;
	if (len >= (size_t)size) {
		if (!in->too_long)
			in->too_long = in->line;
		len = size - 1;
	}
	memcpy(buf, in->text, len);
	buf[len] = '\0';
	in->text = end ? end + 1 : in->text + strlen(in->text);
	return buf;
}

int ini_lines_fail(struct ini_lines *in, int code, const char *section,
		   const char *key, const char *what)
{
	if (!in->p->code)
		problem_set(in->p, code, "%s:%u: [%s] %s: %s", in->origin, in->line,
			    section, key, what);
	return 0;
}

static int parse_dotted(const char *text, unsigned int sublevel_max,
			unsigned int *a, unsigned int *b, unsigned int *c)
{
	char extra;
	int n;

	*c = 0;
	n = sscanf(text, "%u.%u.%u%c", a, b, c, &extra);
	return (n != 2 && n != 3) || *a > 255 || *b > 255 || *c > sublevel_max ? -1 : 0;
}

int parse_release(const char *text, unsigned int *code)
{
	unsigned int a, b, c;

	if (parse_dotted(text, 255, &a, &b, &c))
		return -1;
	*code = KABI_VERSION(a, b, c);
	return 0;
}

int parse_kernel_release(const char *text, unsigned int *code)
{
	unsigned int a, b, c;

	if (parse_dotted(text, 0xffff, &a, &b, &c))
		return -1;
	*code = KERNEL_RELEASE(a, b, c);
	return 0;
}

int fixture_file_parse(const char *path,
		       int (*parse)(const char *text, const char *origin,
				    void *out, struct problem *p),
		       void *out, int unreadable, struct problem *p)
{
	struct problem read_problem;
	char *text = text_file_read(path, 1 << 20, &read_problem);
	int ret;

	problem_clear(p);
	if (!text)
		return problem_set(p, unreadable, "%s", read_problem.text);
	ret = parse(text, path, out, p);
	free(text);
	return ret;
}

int ini_lines_run(struct ini_lines *in,
		  int (*handler)(void *user, const char *section,
				 const char *name, const char *value),
		  void *user, int syntax)
{
	int line = ini_parse_stream(ini_lines_read, in, handler, user);
	struct problem *p = in->p;
	const char *origin = in->origin;

	if (in->too_long)
		return problem_set(p, syntax,
				   "%s:%u: line longer than %d characters; continue a long value on an indented line",
				   origin, in->too_long, INI_MAX_LINE - 1);
	if (p->code)
		return p->code;
	if (line)
		return problem_set(p, syntax,
				   "%s:%d: not an INI line (want [section] or key = value)",
				   origin, line);
	return 0;
}
