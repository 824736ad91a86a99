// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dut.h"

/* DDDD:BB:DD.F, lowercase hex as sysfs names it; BB:DD.F gets domain 0. */
static int normalise_bdf(const char *in, char *out, size_t size)
{
	unsigned int dom = 0, bus, dev, fn;
	char extra;

	if (sscanf(in, "%4x:%2x:%2x.%1x%c", &dom, &bus, &dev, &fn, &extra) != 4 &&
	    (dom = 0, sscanf(in, "%2x:%2x.%1x%c", &bus, &dev, &fn, &extra) != 3))
		return -1;
	if (dev > 0x1f || fn > 7)
		return -1;
	snprintf(out, size, "%04x:%02x:%02x.%x", dom, bus, dev, fn);
	return 0;
}

/* Last path component of a sysfs link, or "" when there is no link. */
static void link_name(const char *path, char *out, size_t size)
{
	char target[PATH_MAX];
	ssize_t len = readlink(path, target, sizeof(target) - 1);
	const char *slash;

	out[0] = '\0';
	if (len <= 0)
		return;
	target[len] = '\0';
	slash = strrchr(target, '/');
	snprintf(out, size, "%s", slash ? slash + 1 : target);
}

static unsigned int read_hex(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned int v = 0;

	if (f) {
		if (fscanf(f, "%x", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

int dut_describe(const char *sysfs_pci, const char *bdf, struct dut *d,
		 struct problem *p)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], name[96];

	problem_clear(p);
	memset(d, 0, sizeof(*d));
	if (normalise_bdf(bdf, d->bdf, sizeof(d->bdf)))
		return problem_set(p, DUT_BAD_NAME,
				   "'%s' is not a PCI address (DDDD:BB:DD.F)", bdf);
	snprintf(dir, sizeof(dir), "%s/devices/%s", sysfs_pci, d->bdf);
	if (access(dir, F_OK))
		return problem_set(p, DUT_NOT_FOUND, "%s: no such PCI device (%s)",
				   d->bdf, dir);
	snprintf(path, sizeof(path), "%s/driver", dir);
	link_name(path, d->driver, sizeof(d->driver));
	snprintf(path, sizeof(path), "%s/iommu_group", dir);
	link_name(path, name, sizeof(name));
	d->has_group = name[0] && sscanf(name, "%u", &d->group) == 1;
	snprintf(path, sizeof(path), "%s/iommu", dir);
	link_name(path, d->iommu, sizeof(d->iommu));
	/* virtio-iommu names its instance after its PCI address: the driver
	 * behind the instance says what it is */
	snprintf(path, sizeof(path), "%s/iommu/device/driver", dir);
	link_name(path, d->iommu_driver, sizeof(d->iommu_driver));
	snprintf(path, sizeof(path), "%s/vendor", dir);
	d->vendor = read_hex(path);
	snprintf(path, sizeof(path), "%s/device", dir);
	d->device = read_hex(path);
	return DUT_OK;
}

int dut_from_bdf(const char *sysfs_pci, const char *bdf, struct dut *d,
		 struct problem *p)
{
	if (dut_describe(sysfs_pci, bdf, d, p))
		return p->code;
	if (strcmp(d->driver, "vfio-pci"))
		return problem_set(p, DUT_NOT_VFIO,
				   "%s is bound to %s, not vfio-pci: bind it with tools/bind-vfio.sh %s (or run_tests.sh --device %s --bind)",
				   d->bdf, d->driver[0] ? d->driver : "no driver", d->bdf,
				   d->bdf);
	if (!d->has_group)
		return problem_set(p, DUT_NO_GROUP,
				   "%s has no IOMMU group (%s/devices/%s/iommu_group): is an IOMMU enabled?",
				   d->bdf, sysfs_pci, d->bdf);
	return DUT_OK;
}

static int compare_bdf(const void *a, const void *b)
{
	return strcmp(((const struct dut *)a)->bdf, ((const struct dut *)b)->bdf);
}

static int add(const char *sysfs_pci, const char *bdf, struct dut *out,
	       size_t max, size_t *count, struct problem *p)
{
	if (*count == max)
		return problem_set(p, DUT_NONE, "more than %zu devices", max);
	if (dut_from_bdf(sysfs_pci, bdf, &out[*count], p))
		return p->code;
	(*count)++;
	return DUT_OK;
}

int dut_discover(const char *sysfs_pci, const char *list, struct dut *out,
		 size_t max, size_t *count, struct problem *p)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *dir;

	problem_clear(p);
	*count = 0;
	if (list && *list) {
		char *copy = strdup(list), *save = NULL;

		for (char *tok = strtok_r(copy, ", \t\n", &save); tok;
		     tok = strtok_r(NULL, ", \t\n", &save)) {
			if (add(sysfs_pci, tok, out, max, count, p))
				break;
		}
		free(copy);
		return p->code;
	}
	snprintf(path, sizeof(path), "%s/drivers/vfio-pci", sysfs_pci);
	dir = opendir(path);
	while (dir && (e = readdir(dir))) {
		char bdf[32];

		if (normalise_bdf(e->d_name, bdf, sizeof(bdf)) || strcmp(bdf, e->d_name))
			continue;
		if (add(sysfs_pci, e->d_name, out, max, count, p))
			break;
	}
	if (dir)
		closedir(dir);
	/* sysfs lists in no promised order: test the lowest address first */
	qsort(out, *count, sizeof(*out), compare_bdf);
	if (!p->code && !*count)
		return problem_set(p, DUT_NONE,
				   "no device is bound to vfio-pci (%s is %s)", path,
				   dir ? "empty" : "missing: vfio-pci not loaded");
	return p->code;
}
