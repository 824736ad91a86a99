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
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "backend.h"
#include "cap_chain.h"
#include "compat_differences.h"
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
	struct compat_differences compat; /* fixtures/iommufd-compat.ini */
	struct backend_survey backends;	/* which rows are here, why not */
	/* the device FD LIVE_OPEN_CONTAINER opened to make the domain, or -1 */
	int domain_device;
} live = { .domain_device = -1 };

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
	snprintf(path, sizeof(path), "%s/iommufd-compat.ini", live_fixtures_dir());
	if (compat_differences_load(path, &live.compat, &p))
		tap_bail_out("iommufd compat differences: %s", p.text);
	backend_survey(&live.backends);
	live_detect_platform();
	for (size_t i = 0; i < live.count; i++)
		fprintf(stderr, "# device %s [%04x:%04x] group %u behind %s; kernel %s %s\n",
			live.duts[i].bdf, live.duts[i].vendor, live.duts[i].device,
			live.duts[i].group,
			live.duts[i].iommu[0] ? live.duts[i].iommu : "(no iommu link)",
			live.uts.release, live.uts.machine);
}

static inline bool live_backend_here(const struct backend *b)
{
	size_t i = backend_index(b);

	return i < backend_count && live.backends.here[i];
}

/*
 * The documented difference that defeats test (of fixture) on backend b,
 * or NULL: none does, or b is not a compat backend.
 */
static inline const struct compat_difference *
live_compat_difference(const char *fixture, const char *test, const struct backend *b)
{
	char name[256];

	if (!b || b->impl != BACKEND_IOMMUFD_COMPAT)
		return NULL;
	snprintf(name, sizeof(name), "%s.%s", fixture, test);
	return compat_difference_for(&live.compat, name);
}

/*
 * On a compat backend, a test that a documented difference defeats is
 * registered as expected to fail (the harness's XFAIL list: it fails
 * there as XFAIL, and a pass is reported XPASS); the teardown names the
 * difference (LIVE_DUMP_IF_FAILED).
 */
static inline void live_expect_compat_differences(void)
{
	struct __fixture_metadata *f;
	struct __fixture_variant_metadata *v;
	struct __test_metadata *t;

	for (f = __fixture_list; f; f = f->next)
		for (v = f->variant; v; v = v->next) {
			const struct backend *b = backend_of_variant(v->name);

			for (t = f->tests; t; t = t->next) {
				struct __test_xfail *xf;

				if (!live_compat_difference(f->name, t->name, b))
					continue;
				xf = calloc(1, sizeof(*xf));
				if (!xf)
					tap_bail_out("out of memory");
				*xf = (struct __test_xfail){ .fixture = f, .variant = v, .test = t };
				__register_xfail(xf);
			}
		}
}

/*
 * The harness with the variants of absent backends left out (its -V
 * option, ahead of the caller's own), each absent backend named once;
 * when nothing is left, the whole program is one SKIP saying why.
 */
static inline int live_run(int argc, char **argv)
{
	/* static: the harness exits without returning, and nothing frees */
	static char *args[2 * 256 + 256 + 1];
	struct __fixture_metadata *f;
	struct __fixture_variant_metadata *v;
	const struct backend *last = NULL;
	size_t n = 0, kept = 0;
	bool said[BACKEND_COUNT] = { false };

	if (argc > 256)
		tap_bail_out("more than 255 arguments");
	args[n++] = argv[0];
	for (f = __fixture_list; f; f = f->next)
		for (v = f->variant; v; v = v->next) {
			const struct backend *b = backend_of_variant(v->name);
			size_t i = b ? backend_index(b) : 0;

			if (!b || live_backend_here(b)) {
				kept++;
				continue;
			}
			if (n + 2 > 2 * 256)
				tap_bail_out("more than 255 variants to leave out");
			if (!said[i])
				fprintf(stderr, "# backend %s left out: %s\n", b->name,
					live.backends.why[i].text);
			said[i] = true;
			last = b;
			args[n++] = "-V";
			args[n++] = (char *)v->name;
		}
	if (!kept && last) {
		static char reason[400];

		snprintf(reason, sizeof(reason), "no backend of this program is here (%s: %s)",
			 last->name, live.backends.why[backend_index(last)].text);
		tap_skip_all(reason);
	}
	for (int i = 1; i < argc; i++)
		args[n++] = argv[i];
	live_expect_compat_differences();
	return test_harness_run((int)n, args);
}

#define LIVE_MAIN                                                              \
	int main(int argc, char **argv)                                        \
	{                                                                      \
		live_init();                                                   \
		return live_run(argc, argv);                                   \
	}

/*
 * Every backend of lib/backend.h's table as a fixture variant; the ones
 * this machine lacks are left out when the program starts (LIVE_MAIN),
 * each named once in a "# " line; the backends program gives each its
 * result. Variants need .backend.
 */
#define LIVE_BACKEND_VARIANT(fixture, n, node, type, impl)                     \
	FIXTURE_VARIANT_ADD(fixture, n) { .backend = &backend_##n };
#define LIVE_BACKENDS(fixture) BACKEND_TABLE(LIVE_BACKEND_VARIANT, fixture)
/* The type1 rows only: for programs whose expectations are type1's model. */
#define LIVE_TYPE1_BACKENDS(fixture)                                           \
	FIXTURE_VARIANT_ADD(fixture, type1v2) { .backend = &backend_type1v2 }; \
	FIXTURE_VARIANT_ADD(fixture, type1v1) { .backend = &backend_type1v1 }

/* The compat rows only: for the rules of compat itself (SPEC 8.3, 8.4). */
#define LIVE_COMPAT_BACKENDS(fixture)                                          \
	FIXTURE_VARIANT_ADD(fixture, compat_v2) { .backend = &backend_compat_v2 }; \
	FIXTURE_VARIANT_ADD(fixture, compat_v1) { .backend = &backend_compat_v1 }; \
	FIXTURE_VARIANT_ADD(fixture, iommufd_v2) { .backend = &backend_iommufd_v2 }; \
	FIXTURE_VARIANT_ADD(fixture, iommufd_v1) { .backend = &backend_iommufd_v1 }

/* Every backend with every driver of lib/drivers (variants need .driver). */
#define LIVE_DRIVER_VARIANT(fixture, drv, n)                                   \
	FIXTURE_VARIANT_ADD(fixture, n##_##drv) {                              \
		.backend = &backend_##n, .driver = &drv##_driver };
#define LIVE_APPLY(macro, ...) macro(__VA_ARGS__)
#define LIVE_UNPACK(fixture, drv) fixture, drv
#define LIVE_DRIVER_ROW(fd, n, node, type, impl)                               \
	LIVE_APPLY(LIVE_DRIVER_VARIANT, LIVE_UNPACK fd, n)
#define LIVE_VARIANT_DRIVER(drv, fixture) BACKEND_TABLE(LIVE_DRIVER_ROW, (fixture, drv))
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
 * backend; self needs int container and int group. Where the backend makes
 * the domain only when a device is opened, the first device is opened too
 * (closed by live_close): the tests meet the domain type1 has by now.
 */
#define LIVE_OPEN_CONTAINER(self, backend)                                     \
	do {                                                                   \
		(self)->container = live_container_open(backend);              \
		(self)->group = vfio_group_open(live.duts[0].group);           \
		vfio_group_set_container((self)->group, (self)->container);    \
		vfio_set_iommu((self)->container, (backend)->iommu_type);      \
		if (backend_attaches_at_device_open(backend))                  \
			live.domain_device = vfio_group_get_device_fd(         \
				(self)->group, live.duts[0].bdf);              \
	} while (0)

/*
 * For a container opened by hand (a child process's, say): where the
 * backend makes the domain only at a device open, the first device of
 * group opened (an fd to close), else -1 -- as LIVE_OPEN_CONTAINER does.
 */
static inline int live_domain_device_open(const struct backend *b, int group_fd,
					  unsigned int group)
{
	if (!backend_attaches_at_device_open(b))
		return -1;
	for (size_t i = 0; i < live.count; i++)
		if (live.duts[i].group == group)
			return __vfio_group_get_device_fd(group_fd, live.duts[i].bdf);
	return -1;
}

/* The backend's node, opened as the container. */
#define live_container_open(b)                                                 \
	({                                                                     \
		live_name_compat_difference(_metadata, (b));                   \
		ASSERT_CALL((b)->node, __backend_open(b));                     \
	})

static inline void live_close(int *container, int *group)
{
	if (live.domain_device >= 0)
		close(live.domain_device);
	live.domain_device = -1;
	if (*group >= 0)
		close(*group);
	if (*container >= 0)
		close(*container);
	*group = *container = -1;
}

/*
 * For a teardown: a failed test's context (kernel, device, fixture, chain,
 * reserved regions), and on a compat backend the documented difference
 * that explains the test's result, as the harness's reason. The reason is
 * written when the setup opens the container too (live_container_open):
 * after an ASSERT the harness's grandchild may skip the teardown (its
 * fork result does not survive the longjmp).
 */
#define LIVE_DUMP_IF_FAILED(container)                                         \
	do {                                                                   \
		live_name_compat_difference(_metadata, variant->backend);      \
		if (_metadata->exit_code == KSFT_FAIL)                         \
			live_dump_context(container);                          \
	} while (0)

static inline void live_name_compat_difference(struct __test_metadata *_metadata,
					       const struct backend *b)
{
	const struct compat_difference *d =
		live_compat_difference(_metadata->fixture->name, _metadata->name, b);

	if (d)
		snprintf(_metadata->results->reason, sizeof(_metadata->results->reason),
			 "iommufd compat difference %s (%s): %s [%s]", d->name, d->assertion,
			 d->says, d->source);
}

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
 * Is container fd iommufd's compat container? It is when its node (the
 * device number) is one that compat serves here, by the backend survey.
 */
static inline bool live_container_is_compat(int fd)
{
	struct stat c, n;

	if (fstat(fd, &c))
		return false;
	for (size_t i = 0; i < backend_count; i++)
		if (live.backends.here[i] && backends[i]->impl == BACKEND_IOMMUFD_COMPAT &&
		    !stat(backends[i]->node, &n) && n.st_rdev == c.st_rdev)
			return true;
	return false;
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
		const struct compat_difference *d = compat_difference_leaving_out(&live.compat, name);

		/* compat leaving a type1 change out is by design, not a regression */
		if (p.code == KCHANGE_REGRESSION && d && live_container_is_compat(container))
			fprintf(stderr, "# %s: not in iommufd's compat container, by design: compat difference %s (%s), whose tests are expected to fail here\n",
				name, d->name, d->assertion);
		else
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
