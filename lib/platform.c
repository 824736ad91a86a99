// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini_lines.h"
#include "platform.h"
#include "text_file.h"

struct parse_state {
	struct platform *out;
	struct problem *p;
	struct ini_lines in;
	char section[64];
	struct platform_window *window;
};

static int fail(struct parse_state *st, const char *section, const char *key,
		const char *what)
{
	return ini_lines_fail(&st->in, PLATFORM_MALFORMED, section, key, what);
}

static int parse_u64(const char *v, uint64_t *out)
{
	char *end;

	if (strncmp(v, "0x", 2))
		return -1;
	errno = 0;
	*out = strtoull(v, &end, 16);
	return errno || *end || end == v + 2 ? -1 : 0;
}

#define COPY(field) snprintf(pf->field, sizeof(pf->field), "%s", value)

static int platform_key(struct parse_state *st, const char *key, const char *value)
{
	struct platform *pf = st->out;

	if (!strcmp(key, "name"))
		COPY(name);
	else if (!strcmp(key, "arch"))
		COPY(arch);
	else if (!strcmp(key, "iommu"))
		COPY(iommu);
	else if (!strcmp(key, "iommu_driver"))
		COPY(iommu_driver);
	else if (!strcmp(key, "page_size")) {
		char *end;

		pf->page_size = strtol(value, &end, 10);
		if (*end || pf->page_size < 4096 || (pf->page_size & (pf->page_size - 1)))
			return fail(st, "platform", key, "expected a power of two >= 4096");
	} else if (!strcmp(key, "dma_fault")) {
		if (strcmp(value, "isolates") && strcmp(value, "reported"))
			return fail(st, "platform", key, "expected isolates or reported");
		pf->dma_fault_isolates = !strcmp(value, "isolates");
	} else
		return fail(st, "platform", key, "unknown key (name, arch, iommu, iommu_driver, page_size, dma_fault)");
	return 1;
}

static int window_key(struct parse_state *st, const char *key, const char *value)
{
	struct platform_window *w = st->window;

	if (!strcmp(key, "start") || !strcmp(key, "end")) {
		if (parse_u64(value, !strcmp(key, "start") ? &w->range.start : &w->range.end))
			return fail(st, st->section, key, "expected a 0x hex address");
	} else if (!strcmp(key, "type")) {
		if (strcmp(value, "msi") && strcmp(value, "reserved") && strcmp(value, "direct"))
			return fail(st, st->section, key, "expected msi, reserved or direct");
		snprintf(w->type, sizeof(w->type), "%s", value);
	} else {
		return fail(st, st->section, key, "unknown key (start, end, type)");
	}
	return 1;
}

static int pgsizes_key(struct parse_state *st, const char *key, const char *value,
		       uint64_t *must, uint64_t *may)
{
	if (strcmp(key, "must") && strcmp(key, "may"))
		return fail(st, st->section, key, "unknown key (must, may)");
	if (parse_u64(value, !strcmp(key, "must") ? must : may))
		return fail(st, st->section, key, "expected a 0x hex bitmap");
	return 1;
}

static int aperture_key(struct parse_state *st, const char *key, const char *value)
{
	struct platform *pf = st->out;

	if (strcmp(key, "end"))
		return fail(st, "aperture", key, "unknown key (end)");
	if (!strcmp(value, "width"))
		pf->aperture = APERTURE_WIDTH;
	else if (!strcmp(value, "power-of-two"))
		pf->aperture = APERTURE_POWER_OF_TWO;
	else if (!parse_u64(value, &pf->aperture_end))
		pf->aperture = APERTURE_EXACT;
	else
		return fail(st, "aperture", key, "expected width, power-of-two or a 0x hex address");
	return 1;
}

static int on_key(void *user, const char *section, const char *key,
		  const char *value)
{
	struct parse_state *st = user;
	struct platform *pf = st->out;

	if (strcmp(section, st->section)) {
		snprintf(st->section, sizeof(st->section), "%s", section);
		st->window = NULL;
		if (!strncmp(section, "window ", 7)) {
			if (pf->window_count == PLATFORM_WINDOWS)
				return fail(st, section, key, "too many windows");
			st->window = &pf->windows[pf->window_count++];
			snprintf(st->window->name, sizeof(st->window->name), "%s", section + 7);
		}
	}
	if (!strcmp(section, "platform"))
		return platform_key(st, key, value);
	if (!strcmp(section, "iova_pgsizes"))
		return pgsizes_key(st, key, value, &pf->pgsizes_must, &pf->pgsizes_may);
	if (!strncmp(section, "iova_pgsizes before ", 20)) {
		if (pf->pgsizes_change[0] && strcmp(pf->pgsizes_change, section + 20))
			return fail(st, section, key, "a second [iova_pgsizes before CHANGE]");
		snprintf(pf->pgsizes_change, sizeof(pf->pgsizes_change), "%s", section + 20);
		return pgsizes_key(st, key, value, &pf->pgsizes_must_before, &pf->pgsizes_may_before);
	}
	if (!strcmp(section, "aperture"))
		return aperture_key(st, key, value);
	if (st->window)
		return window_key(st, key, value);
	return fail(st, section, key,
		    "unknown section (platform, iova_pgsizes, iova_pgsizes before CHANGE, aperture, window NAME)");
}

int platform_parse(const char *text, const char *origin, struct platform *out,
		   struct problem *p)
{
	struct parse_state st = { .out = out, .p = p,
				  .in = { .origin = origin, .p = p, .text = text } };

	problem_clear(p);
	memset(out, 0, sizeof(*out));
	snprintf(out->origin, sizeof(out->origin), "%s", origin);
	if (ini_lines_run(&st.in, on_key, &st, PLATFORM_MALFORMED))
		return p->code;
	if (!out->name[0] || !out->arch[0] || (!out->iommu[0] && !out->iommu_driver[0]))
		return problem_set(p, PLATFORM_MALFORMED,
				   "%s: [platform] needs name, arch and iommu or iommu_driver",
				   origin);
	if (!out->pgsizes_may || (out->pgsizes_must & ~out->pgsizes_may))
		return problem_set(p, PLATFORM_MALFORMED,
				   "%s: [iova_pgsizes] needs may, and must within may", origin);
	if (out->pgsizes_change[0]) {
		/* what the section leaves out is as the current kernel's */
		if (!out->pgsizes_must_before)
			out->pgsizes_must_before = out->pgsizes_must;
		if (!out->pgsizes_may_before || (out->pgsizes_must_before & ~out->pgsizes_may_before))
			return problem_set(p, PLATFORM_MALFORMED,
					   "%s: [iova_pgsizes before %s] needs may, and must within may",
					   origin, out->pgsizes_change);
	}
	for (size_t i = 0; i < out->window_count; i++) {
		const struct platform_window *w = &out->windows[i];

		if (!w->type[0] || w->range.start > w->range.end || !w->range.end)
			return problem_set(p, PLATFORM_MALFORMED,
					   "%s: [window %s] needs start <= end and type",
					   origin, w->name);
	}
	return PLATFORM_OK;
}

static int parse_into(const char *text, const char *origin, void *out,
		      struct problem *p)
{
	return platform_parse(text, origin, out, p);
}

int platform_load(const char *path, struct platform *out, struct problem *p)
{
	return fixture_file_parse(path, parse_into, out, PLATFORM_UNREADABLE, p);
}

bool platform_matches(const struct platform *pf, const char *arch,
		      long page_size, const struct dut *d)
{
	if (strcmp(pf->arch, arch))
		return false;
	if (pf->page_size && pf->page_size != page_size)
		return false;
	if (pf->iommu[0] && fnmatch(pf->iommu, d->iommu, 0))
		return false;
	if (pf->iommu_driver[0] && strcmp(pf->iommu_driver, d->iommu_driver))
		return false;
	return true;
}

int platform_detect(const char *dir, const char *arch, long page_size,
		    const struct dut *d, struct platform *out, struct problem *p)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	int ret = PLATFORM_NONE;

	problem_clear(p);
	if (n < 0)
		return problem_set(p, PLATFORM_UNREADABLE, "%s: %s", dir, strerror(errno));
	for (int i = 0; i < n; i++) {
		char path[768];
		size_t len = strlen(names[i]->d_name);

		if (ret == PLATFORM_NONE && len > 4 &&
		    !strcmp(names[i]->d_name + len - 4, ".ini")) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			if (platform_load(path, out, p))
				ret = p->code;
			else if (platform_matches(out, arch, page_size, d))
				ret = PLATFORM_OK;
		}
		free(names[i]);
	}
	free(names);
	if (ret == PLATFORM_NONE)
		problem_set(p, PLATFORM_NONE,
			    "no fixture in %s describes %s behind %s (%s)", dir, arch,
			    d->iommu[0] ? d->iommu : "no IOMMU",
			    d->iommu_driver[0] ? d->iommu_driver : "no driver");
	return ret;
}
