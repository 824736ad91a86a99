// SPDX-License-Identifier: GPL-2.0-only
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "compat_differences.h"
#include "ini_lines.h"

struct parse_state {
	struct compat_differences *out;
	struct ini_lines in;
	char section[64];
	struct compat_difference *current;
	char last_key[16];
};

static int fail(struct parse_state *st, int code, const char *key, const char *what)
{
	return ini_lines_fail(&st->in, code, st->section, key, what);
}

/* inih hands over each indented continuation line as the same key again */
static int set_text(struct parse_state *st, const char *key, const char *value,
		    char *dst, size_t size, int continued)
{
	size_t used = continued ? strlen(dst) : 0;

	if (!*value)
		return fail(st, COMPAT_BAD_VALUE, key, "empty");
	if (used + !!used + strlen(value) >= size)
		return fail(st, COMPAT_BAD_VALUE, key, "too long");
	snprintf(dst + used, size - used, "%s%s", used ? " " : "", value);
	return 1;
}

static int set_tests(struct parse_state *st, const char *value)
{
	struct compat_difference *d = st->current;
	char word[80];
	const char *at = value;
	int used;

	while (sscanf(at, " %79s%n", word, &used) == 1) {
		at += used;
		if (!strchr(word, '.') || strchr(word, '.') != strrchr(word, '.'))
			return fail(st, COMPAT_BAD_VALUE, "tests", "expected FIXTURE.TEST names");
		if (d->test_count == COMPAT_DIFFERENCE_TESTS)
			return fail(st, COMPAT_TOO_MANY, "tests", "too many tests");
		memcpy(d->tests[d->test_count++], word, sizeof(word));
	}
	if (!d->test_count)
		return fail(st, COMPAT_BAD_VALUE, "tests", "empty");
	return 1;
}

static int on_key(void *user, const char *section, const char *key, const char *value)
{
	struct parse_state *st = user;
	struct compat_difference *d;
	unsigned int a;
	int continued;
	char extra;

	if (strcmp(section, st->section)) {
		st->last_key[0] = '\0';
		snprintf(st->section, sizeof(st->section), "%s", section);
		if (st->out->count == COMPAT_DIFFERENCES_MAX)
			return fail(st, COMPAT_TOO_MANY, "section", "too many differences");
		if (strlen(section) >= sizeof(d->name))
			return fail(st, COMPAT_BAD_VALUE, "section", "name too long");
		d = st->current = &st->out->list[st->out->count++];
		memset(d, 0, sizeof(*d));
		memcpy(d->name, section, strlen(section) + 1);
		d->line = st->in.section_line;
	}
	d = st->current;
	continued = !strcmp(key, st->last_key);
	snprintf(st->last_key, sizeof(st->last_key), "%s", key);
	if (!strcmp(key, "assertion")) {
		if (sscanf(value, "A%u%c", &a, &extra) != 1 || a < 1 || a > 999)
			return fail(st, COMPAT_BAD_VALUE, key, "expected an assertion (A21)");
		return set_text(st, key, value, d->assertion, sizeof(d->assertion), 0);
	}
	if (!strcmp(key, "source"))
		return set_text(st, key, value, d->source, sizeof(d->source), continued);
	if (!strcmp(key, "says"))
		return set_text(st, key, value, d->says, sizeof(d->says), continued);
	if (!strcmp(key, "tests"))
		return set_tests(st, value);
	if (!strcmp(key, "change")) {
		if (!*value || strpbrk(value, " \t"))
			return fail(st, COMPAT_BAD_VALUE, key, "expected one kernel change's name");
		return set_text(st, key, value, d->change, sizeof(d->change), 0);
	}
	return fail(st, COMPAT_BAD_KEY, key, "unknown key (assertion, source, says, tests, change)");
}

int compat_differences_parse(const char *text, const char *origin,
			     struct compat_differences *out, struct problem *p)
{
	struct parse_state st = { .out = out, .in = { .origin = origin, .p = p, .text = text } };

	problem_clear(p);
	memset(out, 0, sizeof(*out));
	snprintf(out->origin, sizeof(out->origin), "%s", origin);
	if (ini_lines_run(&st.in, on_key, &st, COMPAT_SYNTAX))
		return p->code;
	for (size_t i = 0; i < out->count; i++) {
		const struct compat_difference *d = &out->list[i];
		const char *missing = !d->assertion[0] ? "assertion" : !d->source[0] ? "source" :
				      !d->says[0] ? "says" : !d->test_count ? "tests" : NULL;

		if (missing)
			return problem_set(p, COMPAT_INCOMPLETE, "%s:%u: [%s] missing key: %s",
					   origin, d->line, d->name, missing);
	}
	return 0;
}

static int parse_into(const char *text, const char *origin, void *out, struct problem *p)
{
	return compat_differences_parse(text, origin, out, p);
}

int compat_differences_load(const char *path, struct compat_differences *out,
			    struct problem *p)
{
	return fixture_file_parse(path, parse_into, out, COMPAT_UNREADABLE, p);
}

const struct compat_difference *
compat_difference_for(const struct compat_differences *d, const char *test)
{
	for (size_t i = 0; i < d->count; i++)
		for (size_t t = 0; t < d->list[i].test_count; t++)
			if (!fnmatch(d->list[i].tests[t], test, 0))
				return &d->list[i];
	return NULL;
}

const struct compat_difference *
compat_difference_leaving_out(const struct compat_differences *d, const char *change)
{
	for (size_t i = 0; i < d->count; i++)
		if (d->list[i].change[0] && !strcmp(d->list[i].change, change))
			return &d->list[i];
	return NULL;
}
