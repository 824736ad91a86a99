// SPDX-License-Identifier: GPL-2.0-only
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini_lines.h"
#include "kernel_abi.h"
#include "kernel_changes.h"
#include "kernel_probes.h"
#include "text_file.h"

struct parse_state {
	struct kernel_changes *out;
	struct problem *p;
	struct ini_lines in;
	char last_section[64];
};

static int fail(struct parse_state *st, int code, const char *section,
		const char *key, const char *what)
{
	return ini_lines_fail(&st->in, code, section, key, what);
}

static int is_commit(const char *v)
{
	size_t hex = strspn(v, "0123456789abcdef");

	return hex >= 12 && !v[hex];
}

static int set_detect(struct parse_state *st, struct kernel_change *d,
		      const char *section, const char *value)
{
	if (!strcmp(value, "release")) {
		d->detect = DETECT_RELEASE;
		return 1;
	}
	if (strncmp(value, "probe ", 6) || !kernel_probe_known(value + 6))
		return fail(st, KCHANGE_BAD_VALUE, section, "detect",
			    "expected 'release' or 'probe NAME' with a probe of lib/kernel_probes.c");
	d->detect = DETECT_PROBE;
	snprintf(d->probe, sizeof(d->probe), "%s", value + 6);
	return 1;
}

/* "5.10.195 5.15.132 6.1.158": one backport per stable series */
static int parse_stable_list(struct parse_state *st, struct kernel_change *d,
			     const char *section, const char *value)
{
	char list[128], *save, *word;

	snprintf(list, sizeof(list), "%s", value);
	for (word = strtok_r(list, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
		unsigned int code;

		if (parse_kernel_release(word, &code) || !KERNEL_RELEASE_SUBLEVEL(code))
			return fail(st, KCHANGE_BAD_VALUE, section, "stable",
				    "expected stable releases, e.g. 5.10.195 6.1.158");
		if (d->stable_count == sizeof(d->stable) / sizeof(d->stable[0]))
			return fail(st, KCHANGE_BAD_VALUE, section, "stable", "too many stable releases");
		d->stable[d->stable_count++] = code;
	}
	return 1;
}

static int on_key(void *user, const char *section, const char *key,
		  const char *value)
{
	struct parse_state *st = user;
	struct kernel_change *d;

	if (strcmp(section, st->last_section)) {
		snprintf(st->last_section, sizeof(st->last_section), "%s", section);
		if (!*section || strspn(section, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(section) ||
		    strlen(section) >= sizeof(d->name))
			return fail(st, KCHANGE_SYNTAX, section, key,
				    "keys belong in a [lowercase_name] section");
		if (st->out->count == sizeof(st->out->list) / sizeof(st->out->list[0]))
			return fail(st, KCHANGE_SYNTAX, section, key, "too many entries");
		d = &st->out->list[st->out->count++];
		memset(d, 0, sizeof(*d));
		snprintf(d->name, sizeof(d->name), "%s", section);
		d->line = st->in.section_line;
	}
	if (!st->out->count || strcmp(st->out->list[st->out->count - 1].name, section))
		return 0;	/* the section was already reported */
	d = &st->out->list[st->out->count - 1];
	if (!strcmp(key, "commit")) {
		if (!is_commit(value))
			return fail(st, KCHANGE_BAD_VALUE, section, key,
				    "expected an upstream commit id (12+ hex digits)");
		snprintf(d->commit, sizeof(d->commit), "%s", value);
	} else if (!strcmp(key, "title")) {
		snprintf(d->title, sizeof(d->title), "%s", value);
	} else if (!strcmp(key, "release")) {
		if (parse_kernel_release(value, &d->release))
			return fail(st, KCHANGE_BAD_VALUE, section, key,
				    "expected a kernel release, e.g. 6.6");
	} else if (!strcmp(key, "arch")) {
		snprintf(d->arch, sizeof(d->arch), "%s", value);
	} else if (!strcmp(key, "stable")) {
		return parse_stable_list(st, d, section, value);
	} else if (!strcmp(key, "detect")) {
		return set_detect(st, d, section, value);
	} else {
		return fail(st, KCHANGE_BAD_KEY, section, key,
			    "unknown key (commit, title, release, stable, arch, detect)");
	}
	return 1;
}

int kernel_changes_parse(const char *text, const char *origin,
			    struct kernel_changes *out, struct problem *p)
{
	struct parse_state st = { .out = out, .p = p,
				  .in = { .origin = origin, .p = p, .text = text } };

	problem_clear(p);
	memset(out, 0, sizeof(*out));
	snprintf(out->origin, sizeof(out->origin), "%s", origin);
	if (ini_lines_run(&st.in, on_key, &st, KCHANGE_SYNTAX))
		return p->code;
	for (size_t i = 0; i < out->count; i++) {
		const struct kernel_change *d = &out->list[i];
		const char *missing = !d->commit[0] ? "commit" :
				      !d->title[0] ? "title" :
				      !d->release ? "release" :
				      d->detect == DETECT_PROBE && !d->probe[0] ? "detect" : NULL;

		if (missing)
			return problem_set(p, KCHANGE_INCOMPLETE,
					   "%s:%u: [%s] missing key: %s", origin,
					   d->line, d->name, missing);
	}
	return KCHANGE_OK;
}

static int parse_into(const char *text, const char *origin, void *out,
		      struct problem *p)
{
	return kernel_changes_parse(text, origin, out, p);
}

int kernel_changes_load(const char *path, struct kernel_changes *out,
			   struct problem *p)
{
	return fixture_file_parse(path, parse_into, out, KCHANGE_UNREADABLE, p);
}

const struct kernel_change *
kernel_change_find(const struct kernel_changes *d, const char *name)
{
	for (size_t i = 0; i < d->count; i++)
		if (!strcmp(d->list[i].name, name))
			return &d->list[i];
	return NULL;
}

unsigned int kernel_release_code(const char *release, const char *version)
{
	unsigned int a, b, c = 0, sa, sb, sc;
	const char *distro = version ? strstr(version, "Debian ") : NULL;

	if (sscanf(release, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	/* Debian's uname -r keeps the ABI name (6.1.0-56); -v has 6.1.192 */
	if (distro && sscanf(distro, "Debian %u.%u.%u", &sa, &sb, &sc) == 3 &&
	    sa == a && sb == b)
		c = sc;
	return a > 255 || b > 255 || c > 0xffff ? 0 : KERNEL_RELEASE(a, b, c);
}

bool kernel_change_in_release(const struct kernel_change *d,
				 unsigned int code)
{
	if (code >= d->release)
		return true;
	/* same major.minor as a backport, and at or past it */
	for (size_t i = 0; i < d->stable_count; i++)
		if (code >> 16 == d->stable[i] >> 16 && code >= d->stable[i])
			return true;
	return false;
}

static int decide_by_override(const struct kernel_change *c, bool *present,
			      char *how, size_t size, struct problem *p)
{
	char var[sizeof(KERNEL_CHANGE_OVERRIDE) + sizeof(c->name)];
	const char *v;

	snprintf(var, sizeof(var), "%s%s", KERNEL_CHANGE_OVERRIDE, c->name);
	v = getenv(var);
	if (!v || !*v)
		return 0;
	if (strcmp(v, "y") && strcmp(v, "n"))
		return problem_set(p, KCHANGE_BAD_VALUE, "%s=%s: say y or n", var, v);
	*present = !strcmp(v, "y");
	snprintf(how, size, "by %s=%s", var, v);
	return 1;
}

int kernel_change_decide(const struct kernel_change *c,
			 const struct kernel_context *k, bool *present,
			 char *how, size_t size, struct problem *p)
{
	unsigned int code;
	problem_clear(p);
	if (decide_by_override(c, present, how, size, p))
		return p->code;
	if (c->arch[0] && strcmp(c->arch, k->machine)) {
		/* the change is moot here: behave as if present */
		*present = true;
		snprintf(how, size, "moot: it concerns %s only, this is %s", c->arch, k->machine);
		return 0;
	}
	code = kernel_release_code(k->release, k->version);
	if (c->detect == DETECT_PROBE) {
		if (k->container < 0)
			return problem_set(p, KCHANGE_UNDECIDED, "probe %s needs a container", c->probe);
		struct problem why;

		if ((k->probe ? k->probe : kernel_probe_run)(c->probe, k->container, present, &why))
			return problem_set(p, KCHANGE_UNDECIDED, "probe %s failed: %s",
					   c->probe, why.text);
		if (!*present && code && code >= c->release)
			return problem_set(p, KCHANGE_REGRESSION,
					   "probe %s says kernel %s lacks %s (%s \"%s\"), but %u.%u has it: a regression",
					   c->probe, k->release, c->name, c->commit, c->title,
					   KERNEL_RELEASE_MAJOR(c->release), KERNEL_RELEASE_MINOR(c->release));
		snprintf(how, size, "by probe %s", c->probe);
		return 0;
	}
	if (!code)
		return problem_set(p, KCHANGE_UNDECIDED, "cannot read a release from uname '%s'", k->release);
	*present = kernel_change_in_release(c, code);
	snprintf(how, size, "by release %u.%u.%u", KERNEL_RELEASE_MAJOR(code),
		 KERNEL_RELEASE_MINOR(code), KERNEL_RELEASE_SUBLEVEL(code));
	return 0;
}
