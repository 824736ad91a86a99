/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_TESTS_LIVE_H
#define VFIOC_TESTS_LIVE_H

/*
 * Harness glue every live test program shares: the devices under test,
 * the platform fixture and the kernel-change data, found once before the
 * harness starts (no device: the whole program is one SKIP); a container
 * per test with the backend as the fixture variant; the context a failure
 * prints; known defects as kselftest's XFAIL; the sentinel. Mechanisms
 * live in lib/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "cap_chain.h"
#include "cap_readers.h"
#include "dma_buffer.h"
#include "drivers/driver.h"
#include "dut.h"
#include "expect.h"
#include "failure_context.h"
#include "info_chain.h"
#include "kernel_abi.h"
#include "kernel_changes.h"
#include "platform.h"
#include "kselftest_harness.h"
#include "sysfs_iommu.h"
#include "tap.h"
#include "unaligned.h"
#include "vfio_assert.h"

static struct {
	struct dut duts[DUT_MAX];
	size_t count;
	struct utsname uts;
	long page;
	struct platform platform;
	bool platform_known;
	/* "platform fixture PATH", or why there are no platform expectations */
	char platform_missing[320];
	struct kernel_changes changes;	/* fixtures/kernel-changes.ini */
} live;

static inline const char *live_fixtures_dir(void)
{
	const char *dir = getenv("VFIO_CONFORMANCE_FIXTURES");

	return dir ? dir : "fixtures";
}

/*
 * The platform fixture: $VFIO_CONFORMANCE_FIXTURE if set, else the one in
 * fixtures/platforms/ that matches. None: the generic checks still run and
 * the platform ones say why they were skipped. Malformed: bail out.
 */
static void live_detect_platform(void)
{
	const char *forced = getenv("VFIO_CONFORMANCE_FIXTURE");
	char dir[512];
	struct problem p;
	int ret;

	if (forced && *forced) {
		ret = platform_load(forced, &live.platform, &p);
	} else {
		snprintf(dir, sizeof(dir), "%s/platforms", live_fixtures_dir());
		ret = platform_detect(dir, live.uts.machine, live.page, &live.duts[0],
				      &live.platform, &p);
	}
	if (ret == PLATFORM_NONE) {
		snprintf(live.platform_missing, sizeof(live.platform_missing),
			 "platform expectations skipped: %s", p.text);
		fprintf(stderr, "# %s\n", live.platform_missing);
		return;
	}
	if (ret)
		tap_bail_out("platform fixture: %s", p.text);
	live.platform_known = true;
	snprintf(live.platform_missing, sizeof(live.platform_missing),
		 "platform fixture %s", live.platform.origin);
	fprintf(stderr, "# platform fixture %s (%s)\n", live.platform.origin, live.platform.name);
}

static void live_init(void)
{
	char path[512];
	struct problem p;

	tap_exit_skip_when_all_skipped();
	uname(&live.uts);
	live.page = sysconf(_SC_PAGESIZE);
	if (access(VFIO_CONTAINER_PATH, F_OK))
		tap_skip_all("no " VFIO_CONTAINER_PATH ": vfio is not loaded here (bind a device to vfio-pci, or run_tests.sh --vm LANE)");
	if (dut_discover(PCI_SYSFS, getenv("VFIO_CONFORMANCE_BDF"), live.duts,
			 DUT_MAX, &live.count, &p)) {
		if (p.code == DUT_NONE) {
			printf("# %s\n", p.text);
			tap_skip_all("no device is bound to vfio-pci");
		}
		tap_bail_out("device under test: %s", p.text);
	}
	snprintf(path, sizeof(path), "%s/kernel-changes.ini", live_fixtures_dir());
	if (kernel_changes_load(path, &live.changes, &p))
		tap_bail_out("kernel changes: %s", p.text);
	live_detect_platform();
	for (size_t i = 0; i < live.count; i++)
		fprintf(stderr, "# device %s [%04x:%04x] group %u behind %s; kernel %s %s\n",
			live.duts[i].bdf, live.duts[i].vendor, live.duts[i].device,
			live.duts[i].group,
			live.duts[i].iommu[0] ? live.duts[i].iommu : "(no iommu link)",
			live.uts.release, live.uts.machine);
}

#define LIVE_MAIN                                                              \
	int main(int argc, char **argv)                                        \
	{                                                                      \
		live_init();                                                   \
		return test_harness_run(argc, argv);                           \
	}

/* The backends every container fixture runs with (fixture variants). */
#define LIVE_BACKENDS(fixture)                                                 \
	FIXTURE_VARIANT_ADD(fixture, type1v2) { .iommu_type = VFIO_TYPE1v2_IOMMU }; \
	FIXTURE_VARIANT_ADD(fixture, type1v1) { .iommu_type = VFIO_TYPE1_IOMMU }

/* Every backend with every driver of lib/drivers (variants need .driver). */
#define LIVE_VARIANT_DRIVER(drv, fixture)                                      \
	FIXTURE_VARIANT_ADD(fixture, type1v2_##drv) {                          \
		.iommu_type = VFIO_TYPE1v2_IOMMU, .driver = &drv##_driver };   \
	FIXTURE_VARIANT_ADD(fixture, type1v1_##drv) {                          \
		.iommu_type = VFIO_TYPE1_IOMMU, .driver = &drv##_driver };
#define LIVE_BACKENDS_X_DRIVERS(fixture) DMA_DRIVERS(LIVE_VARIANT_DRIVER, fixture)

/* The first device under test that driver drives, or NULL. */
static inline const struct dut *live_dut_for(const struct dma_driver *driver)
{
	for (size_t i = 0; i < live.count; i++)
		if (dma_driver_for(live.duts[i].vendor, live.duts[i].device) == driver)
			return &live.duts[i];
	return NULL;
}

/*
 * Opens a container with the first device's group and the variant's
 * backend; self needs int container and int group.
 */
#define LIVE_OPEN_CONTAINER(self, type)                                        \
	do {                                                                   \
		(self)->container = vfio_container_open();                     \
		(self)->group = vfio_group_open(live.duts[0].group);           \
		vfio_group_set_container((self)->group, (self)->container);    \
		vfio_set_iommu((self)->container, (type));                     \
	} while (0)

static inline void live_close(int *container, int *group)
{
	if (*group >= 0)
		close(*group);
	if (*container >= 0)
		close(*container);
	*group = *container = -1;
}

/* A failed test's context: kernel, device, fixture, chain, reserved regions. */
#define LIVE_DUMP_IF_FAILED(container)                                         \
	do {                                                                   \
		if (_metadata->exit_code == KSFT_FAIL)                         \
			live_dump_context(container);                          \
	} while (0)

static inline void live_dump_context(int container)
{
	const struct failure_context ctx = {
		.release = live.uts.release,
		.machine = live.uts.machine,
		.dut = &live.duts[0],
		.fixture = live.platform_missing,
		.iommu_groups_sysfs = IOMMU_GROUPS_SYSFS,
	};

	failure_context_dump(stderr, &ctx, container);
}

/*
 * Does the running kernel have the upstream change `name` of
 * fixtures/kernel-changes.ini? 1 or 0, said in a "# " line with its commit
 * and how it was decided; -1 when it cannot be decided (also said).
 */
static inline int live_kernel_has(int container, const char *name)
{
	const struct kernel_context k = {
		.release = live.uts.release,
		.version = live.uts.version,
		.machine = live.uts.machine,
		.container = container,
	};
	const struct kernel_change *c = kernel_change_find(&live.changes, name);
	struct problem p;
	bool present;
	char how[160];

	if (!c) {
		fprintf(stderr, "# %s has no [%s]\n", live.changes.origin, name);
		return -1;
	}
	if (kernel_change_decide(c, &k, &present, how, sizeof(how), &p)) {
		fprintf(stderr, "# %s: %s\n", name, p.text);
		return -1;
	}
	fprintf(stderr, "# kernel %s %s %s (%s \"%s\", %u.%u), %s\n", live.uts.release,
		present ? "has" : "lacks", name, c->commit, c->title,
		KERNEL_RELEASE_MAJOR(c->release), KERNEL_RELEASE_MINOR(c->release), how);
	return present;
}

/*
 * The container's IOVA space (iova_space_read). Before the 5.4 chain a
 * kernel reports none, and whatever needs it skips saying so (A61) rather
 * than failing a kernel for being old.
 */
#define live_iova_space_read(c, io)                                            \
	do {                                                                   \
		struct problem __p;                                            \
		int __ret = __iova_space_read(c, io, &__p);                    \
		if (__ret && live_kernel_has(c, "iova_range_cap") == 0)        \
			SKIP(return, "no capability chain: kernel below 5.4 (vfio-v5.4-rc1 IOVA-range series)"); \
		ASSERT_EQ(0, __ret) TH_LOG("%s", __p.text);                    \
	} while (0)

/*
 * A failure that a kernel change explains (a known defect, fixed
 * upstream): the result becomes expected-to-fail with this reason --
 * kselftest's XFAIL, printed by tools/tap-exec and the lanes as
 * "not ok ... # TODO reason" -- unless something else already failed.
 */
#define LIVE_KNOWN_DEFECT(fmt, ...)                                            \
	do {                                                                   \
		if (_metadata->exit_code != KSFT_FAIL) {                       \
			snprintf(_metadata->results->reason,                   \
				 sizeof(_metadata->results->reason), fmt,      \
				 ##__VA_ARGS__);                               \
			_metadata->exit_code = KSFT_XFAIL;                     \
		}                                                              \
	} while (0)

/* Sentinel: every byte of a buffer the kernel must not touch. */
#define SENTINEL 0xa5

/* The first offset in [from, to) not holding byte, or -1. */
static inline long first_other_byte(const uint8_t *buf, size_t from, size_t to,
				    uint8_t byte)
{
	for (size_t i = from; i < to; i++)
		if (buf[i] != byte)
			return (long)i;
	return -1;
}

/* A sentinel byte the kernel overwrote, or -1. */
static inline long first_changed(const uint8_t *buf, size_t from, size_t to)
{
	return first_other_byte(buf, from, to, SENTINEL);
}

/* A byte a device wrote into a zeroed buffer, or -1. */
static inline long first_nonzero(const uint8_t *buf, size_t len)
{
	return first_other_byte(buf, 0, len, 0);
}

#endif
