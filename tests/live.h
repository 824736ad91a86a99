/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_TESTS_LIVE_H
#define VFIOC_TESTS_LIVE_H

/*
 * What every live test program shares: the device under test, found once
 * before the harness starts (no device: the whole program is one SKIP), a
 * container set up per test with the backend as the fixture variant, and
 * the diagnostics a failure prints (decoded chain, reserved regions, kernel
 * release).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "cap_chain.h"
#include "cap_readers.h"
#include "dut.h"
#include "expect.h"
#include "kernel_abi.h"
#include "kernel_deviations.h"
#include "kernel_probes.h"
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
	char platform_missing[320];	/* why there are no platform expectations */
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
	if (ret) {
		printf("TAP version 13\nBail out! platform fixture: %s\n", p.text);
		exit(1);
	}
	live.platform_known = true;
	fprintf(stderr, "# platform fixture %s (%s)\n", live.platform.origin, live.platform.name);
}

static void live_init(void)
{
	struct problem p;

	uname(&live.uts);
	live.page = sysconf(_SC_PAGESIZE);
	if (access(VFIO_CONTAINER_PATH, F_OK))
		tap_skip_all("no " VFIO_CONTAINER_PATH ": vfio is not loaded here (bind a device to vfio-pci, or run_tests.sh --vm LANE)");
	if (dut_discover(PCI_SYSFS, getenv("VFIO_CONFORMANCE_BDF"), live.duts,
			 DUT_MAX, &live.count, &p)) {
		if (p.code == DUT_NONE)
			tap_skip_all(p.text);
		printf("TAP version 13\nBail out! device under test: %s\n", p.text);
		exit(1);
	}
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

/*
 * Opens a container with the first device's group and the variant's
 * backend; self needs int container and int group.
 */
#define LIVE_OPEN_CONTAINER(self, type)                                        \
	do {                                                                   \
		(self)->container = __vfio_container_open();                   \
		ASSERT_LE(0, (self)->container)                                \
		TH_LOG("open %s: %s", VFIO_CONTAINER_PATH,                      \
		       strerror(-(self)->container));                          \
		(self)->group = __vfio_group_open(live.duts[0].group);         \
		ASSERT_LE(0, (self)->group)                                    \
		TH_LOG("open /dev/vfio/%u: %s", live.duts[0].group,             \
		       strerror(-(self)->group));                              \
		ASSERT_EQ(0, __vfio_group_set_container((self)->group,         \
							(self)->container));   \
		ASSERT_EQ(0, __vfio_set_iommu((self)->container, (type)));     \
	} while (0)

static inline void live_close(int *container, int *group)
{
	if (*group >= 0)
		close(*group);
	if (*container >= 0)
		close(*container);
	*group = *container = -1;
}

/* A failure's context: the info chain as the kernel returns it, and the
 * group's reserved regions. */
static inline void live_dump_context(int container)
{
	struct vfio_info_buf info;
	struct cap_chain chain;
	struct resv_region r[32];
	size_t n;
	struct problem p;

	fprintf(stderr, "# kernel %s %s, device %s, group %u, %s%s\n", live.uts.release,
		live.uts.machine, live.duts[0].bdf, live.duts[0].group,
		live.platform_known ? "platform fixture " : "",
		live.platform_known ? live.platform.origin : live.platform_missing);
	if (container >= 0 && !__vfio_iommu_info_fetch(container, &info)) {
		fprintf(stderr, "# VFIO_IOMMU_GET_INFO: argsz %u flags 0x%x iova_pgsizes 0x%llx\n",
			vfio_info_argsz(&info), vfio_info_flags(&info),
			(unsigned long long)vfio_iommu_info_pgsizes(&info));
		cap_chain_walk(info.buf, info.len, vfio_iommu_info_cap_offset(&info),
			       24, CAP_NS_IOMMU_INFO, &chain);
		cap_chain_dump(stderr, info.buf, &chain);
		vfio_info_buf_free(&info);
	}
	if (resv_regions_read(IOMMU_GROUPS_SYSFS, live.duts[0].group, r, 32, &n, &p)) {
		fprintf(stderr, "# reserved regions: %s\n", p.text);
		return;
	}
	fprintf(stderr, "# group %u reserved_regions (%zu):\n", live.duts[0].group, n);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "#   0x%016llx 0x%016llx %s\n",
			(unsigned long long)r[i].range.start,
			(unsigned long long)r[i].range.end, resv_type_name(r[i].type));
}

/*
 * Does the running kernel have the upstream change `name` of
 * fixtures/kernel-changes.ini? 1 or 0, said in a "# " line with how it
 * was decided; -1 when it cannot be decided (also said).
 */
static inline int live_kernel_has(int container, const char *name)
{
	static struct kernel_deviations devs;
	const struct kernel_deviation *d;
	char path[512];
	struct problem p;
	bool present = false;

	snprintf(path, sizeof(path), "%s/kernel-changes.ini", live_fixtures_dir());
	if (kernel_deviations_load(path, &devs, &p)) {
		fprintf(stderr, "# kernel deviations: %s\n", p.text);
		return -1;
	}
	d = kernel_deviation_find(&devs, name);
	if (!d) {
		fprintf(stderr, "# %s has no [%s]\n", path, name);
		return -1;
	}
	if (d->arch[0] && strcmp(d->arch, live.uts.machine)) {
		fprintf(stderr, "# %s concerns %s only, not %s\n", name, d->arch, live.uts.machine);
		return 1;	/* the change is moot here: as if present */
	}
	if (d->detect == DETECT_PROBE) {
		if (kernel_probe_run(d->probe, container, &present, &p)) {
			fprintf(stderr, "# probe %s for %s failed: %s\n", d->probe, name, p.text);
			return -1;
		}
	} else {
		unsigned int code = kernel_release_code(live.uts.release, live.uts.version);

		if (!code) {
			fprintf(stderr, "# cannot read a release from uname '%s'\n", live.uts.release);
			return -1;
		}
		present = kernel_deviation_in_release(d, code);
	}
	fprintf(stderr, "# kernel %s %s %s (%s \"%s\", %u.%u), by %s%s\n", live.uts.release,
		present ? "has" : "lacks", name, d->commit, d->title, d->release >> 16,
		(d->release >> 8) & 0xff, d->detect == DETECT_PROBE ? "probe " : "release",
		d->detect == DETECT_PROBE ? d->probe : "");
	return present;
}

/* The smallest IOMMU page: the unit of every MAP and UNMAP. */
static inline uint64_t live_granule(uint64_t pgsizes)
{
	return pgsizes & -pgsizes;
}

/* What GET_INFO says of the IOVA space: page sizes and usable ranges. */
struct live_iova {
	uint64_t pgsizes, granule;
	struct iova_range r[64];
	uint32_t nr;
};

/* 0, or -1 with why saying what is missing. */
static inline int live_read_iova(int container, struct live_iova *io, char *why,
				 size_t size)
{
	struct vfio_info_buf info;
	struct cap_chain chain;
	const struct cap_entry *cap;
	struct problem p;
	int ret = __vfio_iommu_info_fetch(container, &info);

	if (ret) {
		snprintf(why, size, "VFIO_IOMMU_GET_INFO: %s", strerror(-ret));
		return -1;
	}
	io->pgsizes = vfio_iommu_info_pgsizes(&info);
	io->granule = live_granule(io->pgsizes);
	io->nr = 0;
	ret = -1;
	if (cap_chain_walk(info.buf, info.len, vfio_iommu_info_cap_offset(&info), 24,
			   CAP_NS_IOMMU_INFO, &chain))
		snprintf(why, size, "cap chain: %s", chain.problem.text);
	else if (!(cap = cap_chain_find(&chain, VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE)))
		snprintf(why, size, "no IOVA_RANGE cap for a device group (A34)");
	else if (cap_read_iova_ranges(info.buf, cap, io->r, 64, &io->nr, &p))
		snprintf(why, size, "%s", p.text);
	else
		ret = 0;
	vfio_info_buf_free(&info);
	return ret;
}

/*
 * The IOMMU granule and the first granule-aligned IOVA with `granules`
 * free granules inside one usable range: where MAP tests put mappings.
 */
static inline int live_usable_iova(int container, unsigned int granules,
				   uint64_t *granule, uint64_t *base, char *why, size_t size)
{
	struct live_iova io;

	if (live_read_iova(container, &io, why, size))
		return -1;
	*granule = io.granule;
	for (uint32_t i = 0; i < io.nr; i++) {
		uint64_t start = (io.r[i].start + io.granule - 1) & ~(io.granule - 1);

		if (start >= io.r[i].start && io.r[i].end - start >= granules * io.granule) {
			*base = start;
			return 0;
		}
	}
	snprintf(why, size, "no range holds %u granules", granules);
	return -1;
}

/*
 * A buffer to map: pages granule-aligned, populated, released by munmap.
 * NULL on failure.
 */
static inline void *live_dma_buffer(uint64_t granule, unsigned int granules)
{
	size_t len = granule * (granules + 1);
	uint8_t *raw = mmap(NULL, len, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	uintptr_t aligned;

	if (raw == MAP_FAILED)
		return NULL;
	aligned = ((uintptr_t)raw + granule - 1) & ~(uintptr_t)(granule - 1);
	return (void *)aligned;
}

/*
 * A failure that a kernel deviation explains (a known defect, fixed
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
