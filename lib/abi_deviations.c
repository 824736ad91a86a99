// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi_deviations.h"
#include "ini_lines.h"
#include "kernel_abi.h"
#include "text_file.h"

struct parse_state {
	struct abi_deviations *out;
	struct problem *p;
	struct ini_lines in;
	char last_section[128];
	struct abi_deviation *current;
	char last_key[64];
};

static int fail(struct parse_state *st, int code, const char *section,
		const char *key, const char *what)
{
	return ini_lines_fail(&st->in, code, section, key, what);
}

static int is_known_abi(const char *abi)
{
	for (size_t i = 0; i < abi_name_count; i++)
		if (!strcmp(abi, abi_names[i]))
			return 1;
	return 0;
}

/* "[i386 vfio_bitmap]" starts a deviation; every key belongs to one. */
static int open_section(struct parse_state *st, const char *section)
{
	struct abi_deviation *d;
	char abi[16], type[64], extra;

	snprintf(st->last_section, sizeof(st->last_section), "%s", section);
	st->current = NULL;
	if (sscanf(section, "%15s %63s %c", abi, type, &extra) != 2)
		return fail(st, DEVIATIONS_BAD_SECTION, section, "section",
			    "expected [ABI STRUCT], e.g. [i386 vfio_bitmap]");
	if (!is_known_abi(abi))
		return fail(st, DEVIATIONS_BAD_SECTION, section, "section",
			    "unknown ABI (not in abis.tsv)");
	if (!abi_struct_find(type))
		return fail(st, DEVIATIONS_BAD_SECTION, section, "section",
			    "struct is not in the kernel ABI reference table");
	if (st->out->count == ABI_DEVIATIONS_MAX)
		return fail(st, DEVIATIONS_TOO_MANY, section, "section",
			    "too many deviations");
	d = &st->out->list[st->out->count++];
	memset(d, 0, sizeof(*d));
	memcpy(d->abi, abi, sizeof(d->abi));
	memcpy(d->type, type, sizeof(d->type));
	d->line = st->in.section_line;
	st->current = d;
	return 1;
}

static int parse_uint(const char *value, unsigned int *out)
{
	char *end;
	unsigned long v;

	if (!*value || *value == '-' || *value == '+')
		return -1;
	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno || *end || v > 0xffffffffUL)
		return -1;
	*out = v;
	return 0;
}

static int add_item(struct parse_state *st, const char *section,
		    const char *key, const char *value)
{
	struct abi_deviation *d = st->current;
	struct abi_deviation_item *it;
	char member[48] = "";
	const char *dot = strrchr(key, '.');
	const char *prop = dot ? dot + 1 : key;

	if (dot) {
		if ((size_t)(dot - key) >= sizeof(member))
			return fail(st, DEVIATIONS_BAD_KEY, section, key,
				    "member name too long");
		memcpy(member, key, dot - key);
		member[dot - key] = '\0';
		if (!abi_member_known(d->type, member))
			return fail(st, DEVIATIONS_BAD_KEY, section, key,
				    "no such member in the reference table");
	}
	if (d->item_count == ABI_DEVIATION_ITEMS)
		return fail(st, DEVIATIONS_TOO_MANY, section, key,
			    "too many items");
	it = &d->items[d->item_count];
	if (!dot && !strcmp(prop, "sizeof"))
		it->property = ABI_SIZEOF;
	else if (dot && !strcmp(prop, "offset"))
		it->property = ABI_OFFSET;
	else if (dot && !strcmp(prop, "size"))
		it->property = ABI_SIZE;
	else
		return fail(st, DEVIATIONS_BAD_KEY, section, key,
			    "unknown key (reason, fixed_by, uapi_before, sizeof, MEMBER.offset, MEMBER.size)");
	for (size_t i = 0; i < d->item_count; i++)
		if (d->items[i].property == it->property &&
		    !strcmp(d->items[i].member, member))
			return fail(st, DEVIATIONS_BAD_KEY, section, key,
				    "given twice");
	if (parse_uint(value, &it->value))
		return fail(st, DEVIATIONS_BAD_VALUE, section, key,
			    "expected a decimal byte count");
	snprintf(it->member, sizeof(it->member), "%s", member);
	d->item_count++;
	return 1;
}

static int on_key(void *user, const char *section, const char *key,
		  const char *value)
{
	struct parse_state *st = user;
	struct abi_deviation *d;
	int continued = !strcmp(key, st->last_key);

	if (strcmp(section, st->last_section) && !open_section(st, section))
		return 0;
	d = st->current;
	if (!d && !*section)
		return fail(st, DEVIATIONS_BAD_SECTION, section, key,
			    "key outside any [ABI STRUCT] section");
	if (!d)
		return 0;	/* the section was already reported */
	snprintf(st->last_key, sizeof(st->last_key), "%s", key);

	if (!strcmp(key, "reason")) {
		size_t used = strlen(d->reason);

		/* inih hands over each indented continuation line separately */
		snprintf(d->reason + used, sizeof(d->reason) - used, "%s%s",
			 continued && used ? " " : "", value);
		return 1;
	}
	if (!strcmp(key, "fixed_by")) {
		if (d->fixed_by[0] || strspn(value, "0123456789abcdef") < 12 ||
		    value[strspn(value, "0123456789abcdef")])
			return fail(st, DEVIATIONS_BAD_VALUE, section, key,
				    "expected one upstream commit id (12+ hex digits)");
		snprintf(d->fixed_by, sizeof(d->fixed_by), "%s", value);
		return 1;
	}
	if (!strcmp(key, "uapi_before")) {
		if (d->uapi_before || parse_release(value, &d->uapi_before))
			return fail(st, DEVIATIONS_BAD_VALUE, section, key,
				    "expected one kernel version, e.g. 6.7");
		return 1;
	}
	return add_item(st, section, key, value);
}

/* What inih cannot see: keys that must be present in every section. */
static int check_complete(struct abi_deviations *out, struct problem *p)
{
	for (size_t i = 0; i < out->count; i++) {
		const struct abi_deviation *d = &out->list[i];
		const char *missing = NULL;

		if (!d->reason[0])
			missing = "reason";
		else if (!d->item_count)
			missing = "sizeof or MEMBER.offset/MEMBER.size";
		else if (!!d->fixed_by[0] != !!d->uapi_before)
			missing = d->fixed_by[0] ? "uapi_before" : "fixed_by";
		if (missing)
			return problem_set(p, DEVIATIONS_INCOMPLETE,
					   "%s:%u: [%s %s] missing key: %s",
					   out->origin, d->line, d->abi,
					   d->type, missing);
	}
	return 0;
}

int abi_deviations_parse(const char *text, const char *origin,
			 struct abi_deviations *out, struct problem *p)
{
	struct parse_state st = { .out = out, .p = p,
				  .in = { .origin = origin, .p = p, .text = text } };

	problem_clear(p);
	memset(out, 0, sizeof(*out));
	snprintf(out->origin, sizeof(out->origin), "%s", origin);
	if (ini_lines_run(&st.in, on_key, &st, DEVIATIONS_SYNTAX))
		return p->code;
	return check_complete(out, p);
}

static int parse_into(const char *text, const char *origin, void *out,
		      struct problem *p)
{
	return abi_deviations_parse(text, origin, out, p);
}

int abi_deviations_load(const char *path, struct abi_deviations *out,
			struct problem *p)
{
	return fixture_file_parse(path, parse_into, out, DEVIATIONS_UNREADABLE, p);
}

const struct abi_deviation *
abi_deviation_find(const struct abi_deviations *d, const char *abi,
		   const char *type, unsigned int uapi_version)
{
	for (size_t i = 0; i < d->count; i++) {
		const struct abi_deviation *dev = &d->list[i];

		if (strcmp(dev->abi, abi) || strcmp(dev->type, type))
			continue;
		if (dev->uapi_before && uapi_version >= dev->uapi_before)
			continue;
		return dev;
	}
	return NULL;
}

static const struct abi_deviation_item *
find_item(const struct abi_deviation *d, const struct abi_mismatch *m)
{
	const char *member = m->member ? m->member : "";

	for (size_t i = 0; i < d->item_count; i++)
		if (d->items[i].property == m->property &&
		    !strcmp(d->items[i].member, member))
			return &d->items[i];
	return NULL;
}

int abi_deviation_matches(const struct abi_deviation *d,
			  const struct abi_mismatch *m, size_t n,
			  struct problem *why)
{
	problem_clear(why);
	for (size_t i = 0; i < n; i++) {
		const struct abi_deviation_item *it = find_item(d, &m[i]);
		const char *member = m[i].member ? m[i].member : "(struct)";

		if (!it) {
			problem_set(why, 1,
				    "%s %s is %u (kernel %u), which the deviation at line %u does not record",
				    member, abi_property_name(m[i].property),
				    m[i].seen, m[i].kernel, d->line);
			return 0;
		}
		if (it->value != m[i].seen) {
			problem_set(why, 1,
				    "%s %s is %u, the deviation at line %u records %u",
				    member, abi_property_name(m[i].property),
				    m[i].seen, d->line, it->value);
			return 0;
		}
	}
	if (d->item_count != n) {
		problem_set(why, 1,
			    "the deviation at line %u records %zu differences, the build shows %zu",
			    d->line, d->item_count, n);
		return 0;
	}
	return 1;
}
