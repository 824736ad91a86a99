// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysfs_iommu.h"
#include "text_file.h"

#define SYSFS_TEXT_LIMIT (1 << 20)

static const char *const resv_names[] = {
	[RESV_DIRECT] = "direct",
	[RESV_DIRECT_RELAXABLE] = "direct-relaxable",
	[RESV_RESERVED] = "reserved",
	[RESV_MSI] = "msi",
};

static const char *const group_names[] = {
	[GROUP_BLOCKED] = "blocked",	[GROUP_IDENTITY] = "identity",
	[GROUP_UNMANAGED] = "unmanaged", [GROUP_DMA] = "DMA",
	[GROUP_DMA_FQ] = "DMA-FQ",	[GROUP_UNKNOWN] = "unknown",
};

const char *resv_type_name(enum resv_type type)
{
	return resv_names[type];
}

const char *group_type_name(enum group_type type)
{
	return group_names[type];
}

/* "0x" and exactly 16 lowercase hex digits, as the kernel's %016llx. */
static int parse_hex64(const char *s, uint64_t *v)
{
	if (s[0] != '0' || s[1] != 'x')
		return -1;
	*v = 0;
	for (int i = 2; i < 18; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			*v = *v << 4 | (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v = *v << 4 | (uint64_t)(c - 'a' + 10);
		else
			return -1;
	}
	return 0;
}

static int parse_region_line(const char *line, size_t len,
			     struct resv_region *r, const char **why)
{
	/* "0x%016llx 0x%016llx %s": type starts at column 38 */
	if (len < 39) {
		*why = "too short for '0x<16 hex> 0x<16 hex> <type>'";
		return -1;
	}
	if (parse_hex64(line, &r->range.start)) {
		*why = "start is not 0x and 16 lowercase hex digits";
		return -1;
	}
	if (line[18] != ' ' || parse_hex64(line + 19, &r->range.end)) {
		*why = "end is not one space then 0x and 16 lowercase hex digits";
		return -1;
	}
	if (line[37] != ' ') {
		*why = "no single space before the type";
		return -1;
	}
	for (size_t t = 0; t < sizeof(resv_names) / sizeof(resv_names[0]); t++) {
		if (strlen(resv_names[t]) == len - 38 &&
		    !memcmp(line + 38, resv_names[t], len - 38)) {
			r->type = t;
			return 0;
		}
	}
	*why = "type is not direct, direct-relaxable, reserved or msi";
	return -1;
}

int resv_regions_parse(const char *text, const char *origin,
		       struct resv_region *out, size_t max, size_t *count,
		       struct problem *p)
{
	unsigned int line_no = 0;

	problem_clear(p);
	*count = 0;
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		const char *why;
		struct resv_region r;

		line_no++;
		if (!nl)
			return problem_set(p, SYSFS_MALFORMED,
					   "%s:%u: last line has no newline: '%.60s'",
					   origin, line_no, text);
		if (parse_region_line(text, len, &r, &why))
			return problem_set(p, SYSFS_MALFORMED,
					   "%s:%u: %s: '%.*s'", origin, line_no,
					   why, (int)(len < 60 ? len : 60), text);
		if (*count == max)
			return problem_set(p, SYSFS_TOO_MANY,
					   "%s:%u: more than %zu regions", origin,
					   line_no, max);
		out[(*count)++] = r;
		text = nl + 1;
	}
	return SYSFS_OK;
}

static char *read_group_file(const char *sysfs_root, unsigned int group,
			     const char *name, char *path, size_t path_size,
			     struct problem *p)
{
	char *text;

	snprintf(path, path_size, "%s/%u/%s", sysfs_root, group, name);
	text = text_file_read(path, SYSFS_TEXT_LIMIT, p);
	if (!text)
		p->code = SYSFS_UNREADABLE;
	return text;
}

int resv_regions_read(const char *sysfs_root, unsigned int group,
		      struct resv_region *out, size_t max, size_t *count,
		      struct problem *p)
{
	char path[512];
	char *text = read_group_file(sysfs_root, group, "reserved_regions",
				     path, sizeof(path), p);
	int ret;

	*count = 0;
	if (!text)
		return p->code;
	ret = resv_regions_parse(text, path, out, max, count, p);
	free(text);
	return ret;
}

int group_type_parse(const char *text, const char *origin,
		     enum group_type *type, struct problem *p)
{
	size_t len = strcspn(text, "\n");

	problem_clear(p);
	if (text[len] != '\n' || text[len + 1])
		return problem_set(p, SYSFS_MALFORMED,
				   "%s:1: expected one word and a newline, saw '%.40s'",
				   origin, text);
	for (size_t t = 0; t < sizeof(group_names) / sizeof(group_names[0]); t++) {
		if (strlen(group_names[t]) == len &&
		    !memcmp(text, group_names[t], len)) {
			*type = t;
			return SYSFS_OK;
		}
	}
	return problem_set(p, SYSFS_MALFORMED,
			   "%s:1: '%.*s' is not blocked, identity, unmanaged, DMA, DMA-FQ or unknown",
			   origin, (int)(len < 40 ? len : 40), text);
}

int group_type_read(const char *sysfs_root, unsigned int group,
		    enum group_type *type, struct problem *p)
{
	char path[512];
	char *text = read_group_file(sysfs_root, group, "type", path,
				     sizeof(path), p);
	int ret;

	if (!text)
		return p->code;
	ret = group_type_parse(text, path, type, p);
	free(text);
	return ret;
}
