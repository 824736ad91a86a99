// SPDX-License-Identifier: GPL-2.0-only
/*
 * check-host (run_tests.sh --check-host): what a user runs first on a new
 * runner. It reads sysfs and /proc only, changes nothing, and says: which
 * IOMMU the kernel drives, whether MSIs are isolated (interrupt remapping,
 * a GICv3 ITS, zPCI) or vfio_iommu_type1.allow_unsafe_interrupts would be
 * needed, every IOMMU group with its devices, drivers and reserved
 * regions, which platform fixture describes the machine, and what the
 * suite would test or skip here, and why.
 *   check-host [FIXTURES-DIR]
 */
#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "backend.h"
#include "drivers/driver.h"
#include "dut.h"
#include "module_param.h"
#include "platform.h"
#include "sysfs_iommu.h"
#include "text_file.h"

#define GROUPS_MAX 256

struct group {
	unsigned int id;
	struct dut devices[DUT_MAX];
	size_t count;
	bool usable;		/* every device on vfio-pci, a bridge, or driverless */
	bool has_vfio;
	char why[160];		/* why not usable */
};

static bool is_bridge(const char *bdf)
{
	char path[256], *text;
	bool bridge;

	snprintf(path, sizeof(path), PCI_SYSFS "/devices/%s/class", bdf);
	text = text_file_read(path, 64, NULL);
	if (!text)
		return false;
	bridge = !strncmp(text, "0x0604", 6);
	free(text);
	return bridge;
}

static const char *iommu_kind(const char *name, const char *driver)
{
	if (!strncmp(name, "dmar", 4))
		return "Intel VT-d";
	if (!strncmp(name, "ivhd", 4))
		return "AMD-Vi";
	if (strstr(name, "smmu3") || strstr(driver, "smmu-v3"))
		return "Arm SMMUv3";
	if (strstr(name, "smmu") || strstr(driver, "smmu"))
		return "Arm SMMU";
	if (!strcmp(driver, "virtio_iommu"))
		return "virtio-iommu";
	if (strstr(name, "s390"))
		return "s390 zPCI";
	return "unknown kind";
}

static void report_iommus(size_t groups)
{
	DIR *dir = opendir("/sys/class/iommu");
	struct dirent *e;
	int n = 0;

	while (dir && (e = readdir(dir))) {
		char path[512], target[256] = "";
		ssize_t len;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/class/iommu/%s/device/driver", e->d_name);
		len = readlink(path, target, sizeof(target) - 1);
		target[len > 0 ? len : 0] = '\0';
		printf("IOMMU: %s (%s)\n", e->d_name,
		       iommu_kind(e->d_name, strrchr(target, '/') ? strrchr(target, '/') + 1 : ""));
		n++;
	}
	if (dir)
		closedir(dir);
	if (!n)
		printf("IOMMU: none in /sys/class/iommu%s\n",
		       groups ? " (but IOMMU groups exist: an IOMMU without a sysfs class, as s390's)" : "");
}

/* A GICv3 ITS in the device tree (ACPI machines name it in /proc/interrupts once used). */
static bool has_its(void)
{
	glob_t g;
	bool found = !glob("/proc/device-tree/*/its@*", 0, NULL, &g) ||
		     !glob("/proc/device-tree/*/*/its@*", 0, NULL, &g);

	globfree(&g);
	return found;
}

static void report_msi_isolation(const char *machine)
{
	char *interrupts = text_file_read("/proc/interrupts", 1 << 20, NULL);
	char *unsafe = text_file_read(MODULE_SYSFS "/vfio_iommu_type1/parameters/allow_unsafe_interrupts",
				      16, NULL);
	const char *how = NULL;

	if (!strcmp(machine, "s390x"))
		how = "zPCI interrupts are per function";
	else if (interrupts && strstr(interrupts, "IR-"))
		how = "interrupt remapping is on (IR- domains in /proc/interrupts)";
	else if ((interrupts && strstr(interrupts, "ITS-")) || has_its())
		how = "a GICv3 ITS translates MSIs";
	free(interrupts);
	if (unsafe)
		unsafe[strcspn(unsafe, "\n")] = '\0';
	if (how)
		printf("MSI isolation: yes: %s; allow_unsafe_interrupts not needed\n", how);
	else
		printf("MSI isolation: not seen (no interrupt remapping, no ITS): VFIO_SET_IOMMU fails with EPERM unless vfio_iommu_type1.allow_unsafe_interrupts=1 (now %s)\n",
		       unsafe ? unsafe : "not loaded");
	free(unsafe);
}

static int by_number(const struct dirent **a, const struct dirent **b)
{
	return atoi((*a)->d_name) - atoi((*b)->d_name);
}

/* The group's devices, and whether the suite can use the group whole. */
static void read_group(struct group *g)
{
	char path[256];
	struct dirent **names;
	int n;

	snprintf(path, sizeof(path), IOMMU_GROUPS_SYSFS "/%u/devices", g->id);
	n = scandir(path, &names, NULL, alphasort);
	g->usable = true;
	for (int i = 0; i < n; i++) {
		struct dut *d = &g->devices[g->count];
		struct problem p;

		if (names[i]->d_name[0] != '.' && g->count < DUT_MAX) {
			if (dut_describe(PCI_SYSFS, names[i]->d_name, d, &p)) {
				snprintf(d->bdf, sizeof(d->bdf), "%s", names[i]->d_name);
				snprintf(d->driver, sizeof(d->driver), "(not a PCI device)");
			}
			g->count++;
			g->has_vfio |= !strcmp(d->driver, "vfio-pci");
			if (g->usable && strcmp(d->driver, "vfio-pci") && d->driver[0] &&
			    !is_bridge(d->bdf)) {
				char why[sizeof(g->why)];

				snprintf(why, sizeof(why), "%s is on %s", d->bdf, d->driver);
				memcpy(g->why, why, sizeof(why));
				g->usable = false;
			}
		}
		free(names[i]);
	}
	if (n > 0)
		free(names);
	if (g->usable && !g->has_vfio) {
		g->usable = false;
		snprintf(g->why, sizeof(g->why), "no device of it is bound to vfio-pci");
	}
}

static void report_group(const struct group *g)
{
	struct resv_region r[32];
	enum group_type type;
	struct problem p;
	size_t n;

	printf("IOMMU group %u%s%s: %s%s\n", g->id,
	       group_type_read(IOMMU_GROUPS_SYSFS, g->id, &type, &p) ? "" : " type ",
	       group_type_read(IOMMU_GROUPS_SYSFS, g->id, &type, &p) ? "" : group_type_name(type),
	       g->usable ? "the suite can test it" : "not for the suite: ", g->usable ? "" : g->why);
	for (size_t i = 0; i < g->count; i++) {
		const struct dut *d = &g->devices[i];
		const struct dma_driver *drv = dma_driver_for(d->vendor, d->device);

		printf("  %s [%04x:%04x] %s%s%s\n", d->bdf, d->vendor, d->device,
		       d->driver[0] ? d->driver : "(no driver)",
		       drv ? ", DMA driver " : "", drv ? drv->name : "");
	}
	if (resv_regions_read(IOMMU_GROUPS_SYSFS, g->id, r, 32, &n, &p)) {
		printf("  reserved regions: %s\n", p.text);
		return;
	}
	for (size_t i = 0; i < n && i < 32; i++)
		printf("  reserved 0x%016llx-0x%016llx %s\n", (unsigned long long)r[i].range.start,
		       (unsigned long long)r[i].range.end, resv_type_name(r[i].type));
}

static void report_plan(const struct backend_survey *survey, const struct group *groups,
			size_t count, const char *fixtures,
			const struct utsname *uts)
{
	const struct dut *first = NULL, *msi = NULL, *dma[DUT_MAX];
	size_t usable = 0, ndma = 0;
	struct platform pf;
	struct problem p;
	char dir[512];

	for (size_t i = 0; i < count; i++) {
		if (!groups[i].usable)
			continue;
		usable++;
		for (size_t j = 0; j < groups[i].count; j++) {
			const struct dut *d = &groups[i].devices[j];
			const struct dma_driver *drv = dma_driver_for(d->vendor, d->device);

			if (strcmp(d->driver, "vfio-pci"))
				continue;
			first = first ? first : d;
			if (drv && ndma < DUT_MAX)
				dma[ndma++] = d;
			if (drv && drv->raise_msi && !msi)
				msi = d;
		}
	}
	/* the fixture describes the IOMMU, which any device behind it names:
	 * a first look at a runner, before anything is bound, shows it too */
	const struct dut *behind = first;
	for (size_t i = 0; i < count && !behind; i++)
		behind = groups[i].count ? &groups[i].devices[0] : NULL;
	snprintf(dir, sizeof(dir), "%s/platforms", fixtures);
	if (!behind)
		printf("platform fixture: none: no PCI device is behind an IOMMU\n");
	else if (platform_detect(dir, uts->machine, sysconf(_SC_PAGESIZE), behind, &pf, &p))
		printf("platform fixture: none: %s; the platform checks would skip (./run_tests.sh --record FILE writes one)\n", p.text);
	else
		printf("platform fixture: %s (%s)\n", pf.origin, pf.name);
	if (!first) {
		printf("the suite would: skip every live test (no group is bound to vfio-pci whole); bind one with ./run_tests.sh --device BDF --bind\n");
		return;
	}
	printf("the suite would: test %zu IOMMU group(s), each once, on", usable);
	for (size_t i = 0, said = 0; i < backend_count; i++)
		if (survey->here[i])
			printf("%s %s", said++ ? "," : "", backends[i]->name);
	printf("\n");
	printf("  multi_group: %s\n", usable >= 2 ? "runs" : "skips: needs two usable IOMMU groups");
	printf("  dma_functional:");
	for (size_t i = 0; i < ndma; i++)
		printf(" %s on %s;", dma_driver_for(dma[i]->vendor, dma[i]->device)->name, dma[i]->bdf);
	printf("%s\n", ndma ? "" : " skips: no bound device has a driver in lib/drivers (edu, virtio-rng)");
	printf("  msi_survives: %s%s\n", msi ? "runs on " : "skips: no bound device's driver raises an MSI",
	       msi ? msi->bdf : "");
	printf("  zpci: %s\n", strcmp(uts->machine, "s390x") ? "skips: s390x only" : "runs");
}

/* Each row of the backend table: here, or why not (opens the nodes, sets nothing). */
static void report_backends(const struct backend_survey *survey)
{
	for (size_t i = 0; i < backend_count; i++) {
		if (survey->here[i])
			printf("backend %s: %s, as %s, on %s\n", backends[i]->name,
			       backend_impl_name(backends[i]->impl),
			       backends[i]->iommu_type == 3 ? "type1 v2" : "type1 v1", backends[i]->node);
		else
			printf("backend %s: not here: %s\n", backends[i]->name, survey->why[i].text);
	}
}

int main(int argc, char **argv)
{
	const char *fixtures = argc > 1 ? argv[1] : "fixtures";
	static struct group groups[GROUPS_MAX];
	struct backend_survey survey;
	struct dirent **names;
	struct utsname uts;
	size_t count = 0;
	long page = sysconf(_SC_PAGESIZE);
	int n;

	uname(&uts);
	n = scandir(IOMMU_GROUPS_SYSFS, &names, NULL, by_number);
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.' && count < GROUPS_MAX) {
			groups[count].id = atoi(names[i]->d_name);
			read_group(&groups[count]);
			count++;
		}
		free(names[i]);
	}
	if (n > 0)
		free(names);
	printf("check-host: kernel %s %s, %ld-byte pages; reads sysfs and /proc, changes nothing\n",
	       uts.release, uts.machine, page);
	report_iommus(count);
	report_msi_isolation(uts.machine);
	printf("vfio: %s\n", access("/dev/vfio/vfio", F_OK) ? "no /dev/vfio/vfio (modprobe vfio-pci)" :
	       "/dev/vfio/vfio present");
	backend_survey(&survey);
	report_backends(&survey);
	for (size_t i = 0; i < count; i++)
		report_group(&groups[i]);
	if (!count)
		printf("IOMMU groups: none (%s): the kernel runs no IOMMU for PCI devices\n", IOMMU_GROUPS_SYSFS);
	report_plan(&survey, groups, count, fixtures, &uts);
	return 0;
}
