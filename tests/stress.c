// SPDX-License-Identifier: GPL-2.0-only
/*
 * stress: MAP, UNMAP, UNMAP_ALL and GET_INFO at once, from threads sharing
 * a container and from processes with containers of their own, for an
 * amount of work rather than of time -- $VFIO_CONFORMANCE_STRESS_MAPS MAP
 * requests per mapping thread (1000) with UNMAP_ALLs among them -- so that
 * a run does as much on a slow or loaded runner as on a fast one, and at
 * least $VFIO_CONFORMANCE_STRESS_SECONDS long where that is given (make
 * soak); then the accounting must come out exact: every byte mapped was unmapped once --
 * by its owner, by an UNMAP_ALL or by the final sweep -- DMA_AVAIL is back
 * at its start, and the pages type1 pinned are no longer counted to the
 * process (VmLck) once the container is closed. With RLIMIT_MEMLOCK
 * lowered and CAP_IPC_LOCK dropped, a MAP past the limit is ENOMEM and
 * pins nothing (SPEC §3; A32, A33, A45, A47 under load). Throughput is
 * reported, not asserted.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include "live.h"
#include "proc_self.h"

#define WORKERS 3		/* threads mapping, each in its own slots */
#define SLOTS 8			/* granules per worker */
/* UNMAP_ALLs that must come while the mapping threads run: each may take
 * mappings from under them, the race the accounting must survive */
#define SWEEPS 16

struct shared {
	int container;
	uint64_t granule, base;	/* WORKERS * SLOTS free granules from base */
	uint8_t *mem;		/* as much memory */
	bool unmap_all;		/* the kernel has UNMAP_ALL (5.12) */
	unsigned long maps_each;	/* MAP requests per worker, at least */
	double until;		/* and at least until then (CLOCK_MONOTONIC s) */
	atomic_uint workers_done;
	/* UNMAP_ALLs begun and ended so far: one may take any mapping that
	 * exists while it runs */
	atomic_uint sweeps_begun, sweeps_ended;
	atomic_uint_least64_t mapped, unmapped;	/* bytes, by the workers */
	atomic_uint_least64_t swept;		/* bytes, by UNMAP_ALL */
	atomic_uint_least64_t maps, infos;
	atomic_int errors;
	char first_error[256];
	pthread_mutex_t lock;
};

struct worker {
	struct shared *sh;
	unsigned int index;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void error(struct shared *sh, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&sh->lock);
	if (!sh->errors++) {
		va_start(ap, fmt);
		vsnprintf(sh->first_error, sizeof(sh->first_error), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&sh->lock);
}

/* Has an UNMAP_ALL ended since `ended` were, or is one running now? */
static bool swept_since(struct shared *sh, unsigned int ended)
{
	unsigned int now_ended = atomic_load(&sh->sweeps_ended);

	return now_ended != ended || atomic_load(&sh->sweeps_begun) != now_ended;
}

/* Has a mapping worker that made `maps` MAP requests done its share? */
static bool share_done(struct shared *sh, unsigned long maps)
{
	return maps >= sh->maps_each &&
	       (!sh->unmap_all || atomic_load(&sh->sweeps_ended) >= SWEEPS) && now() >= sh->until;
}

/*
 * Maps and unmaps its own slots only, so a MAP may only succeed and an
 * UNMAP may only find its granule -- unless an UNMAP_ALL came between.
 */
static void *map_worker(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	/* sweeps ended before the slot's MAP began, + 1; 0: not mapped */
	unsigned int mapped_at[SLOTS] = { 0 };
	unsigned int seed = w->index + 1;
	unsigned long requests = 0;	/* MAPs, refused ones too: the loop ends */

	while (!share_done(sh, requests)) {
		unsigned int s = rand_r(&seed) % SLOTS, slot = w->index * SLOTS + s;
		uint64_t iova = sh->base + slot * sh->granule, size = 0;
		int ret;

		if (!mapped_at[s]) {
			unsigned int sweeps = atomic_load(&sh->sweeps_ended);

			requests++;
			ret = __vfio_map_dma(sh->container, (uintptr_t)sh->mem + slot * sh->granule,
					     iova, sh->granule, VFIO_RW);
			if (ret) {
				error(sh, "MAP of its own free granule 0x%" PRIx64 ": %s", iova, strerror(-ret));
				continue;
			}
			mapped_at[s] = sweeps + 1;
			atomic_fetch_add(&sh->mapped, sh->granule);
			atomic_fetch_add(&sh->maps, 1);
			continue;
		}
		ret = __vfio_unmap_dma(sh->container, iova, sh->granule, 0, &size);
		if (ret) {
			error(sh, "UNMAP of its own granule 0x%" PRIx64 ": %s", iova, strerror(-ret));
		} else if (size == 0 && !swept_since(sh, mapped_at[s] - 1)) {
			error(sh, "UNMAP of 0x%" PRIx64 " found nothing and no UNMAP_ALL came between: the mapping was lost", iova);
		} else if (size && size != sh->granule) {
			error(sh, "UNMAP of one granule at 0x%" PRIx64 " reported 0x%" PRIx64, iova, size);
		}
		atomic_fetch_add(&sh->unmapped, size);
		mapped_at[s] = 0;
	}
	atomic_fetch_add(&sh->workers_done, 1);
	return NULL;
}

/*
 * GET_INFO all the time, and now and then an UNMAP_ALL (where there is
 * one), for as long as any mapping worker runs.
 */
static void *info_worker(void *arg)
{
	struct shared *sh = arg;
	unsigned long n = 0;

	while (atomic_load(&sh->workers_done) < WORKERS) {
		uint32_t avail;
		struct problem p;

		if (__iommu_dma_avail(sh->container, &avail, &p))
			error(sh, "GET_INFO under load: %s", p.text);
		atomic_fetch_add(&sh->infos, 1);
		if (sh->unmap_all && ++n % 64 == 0) {
			uint64_t size = 0;
			int ret;

			atomic_fetch_add(&sh->sweeps_begun, 1);
			ret = __vfio_unmap_dma(sh->container, 0, 0, VFIO_DMA_UNMAP_FLAG_ALL, &size);
			if (ret)
				error(sh, "UNMAP_ALL under load: %s", strerror(-ret));
			atomic_fetch_add(&sh->swept, size);
			atomic_fetch_add(&sh->sweeps_ended, 1);
		}
	}
	return NULL;
}

/* $NAME as a number from 0 to max, else fallback */
static double env_number(const char *name, double fallback, double max)
{
	const char *v = getenv(name);
	double d = v && *v ? atof(v) : fallback;

	return d >= 0 && d <= max ? d : fallback;
}

/* Whatever is still mapped in the workers' span, in bytes; unmapped. */
static uint64_t sweep_rest(struct shared *sh)
{
	uint64_t size = 0;

	if (__vfio_unmap_dma(sh->container, sh->base, WORKERS * SLOTS * sh->granule, 0, &size))
		return UINT64_MAX;
	return size;
}

/*
 * Runs the workers on container c (a group and a backend set): 0, or the
 * number of broken invariants, each said in a "# " line.
 */
static int hammer(int c, bool unmap_all, const char *who)
{
	struct shared sh = { .container = c, .unmap_all = unmap_all,
			     .lock = PTHREAD_MUTEX_INITIALIZER };
	struct worker w[WORKERS];
	pthread_t t[WORKERS + 1];
	struct iova_space io;
	struct dma_buffer mem;
	struct problem p;
	uint32_t start, end;
	uint64_t rest, total;
	double seconds = env_number("VFIO_CONFORMANCE_STRESS_SECONDS", 0, 240), began;
	int broken = 0;

	if (__iova_space_read(c, &io, &p) || __iommu_dma_avail(c, &start, &p)) {
		printf("# %s: %s\n", who, p.text);
		return 1;
	}
	sh.granule = io.granule;
	if (iova_ranges_first_fit(io.r, io.nr, io.granule, WORKERS * SLOTS, &sh.base)) {
		printf("# %s: no %u free granules in one range\n", who, WORKERS * SLOTS);
		return 1;
	}
	if (__dma_buffer_alloc(&mem, io.granule, WORKERS * SLOTS)) {
		printf("# %s: no memory for the buffers\n", who);
		return 1;
	}
	sh.mem = mem.p;
	sh.maps_each = env_number("VFIO_CONFORMANCE_STRESS_MAPS", 1000, 1e8);
	began = now();
	sh.until = began + seconds;
	for (unsigned int i = 0; i < WORKERS; i++) {
		w[i] = (struct worker){ .sh = &sh, .index = i };
		pthread_create(&t[i], NULL, map_worker, &w[i]);
	}
	pthread_create(&t[WORKERS], NULL, info_worker, &sh);
	for (unsigned int i = 0; i <= WORKERS; i++)
		pthread_join(t[i], NULL);
	rest = sweep_rest(&sh);
	total = sh.unmapped + sh.swept + rest;
	if (sh.errors) {
		printf("# %s: %d errors under load, the first: %s\n", who, sh.errors, sh.first_error);
		broken++;
	}
	if (rest == UINT64_MAX || total != sh.mapped) {
		printf("# %s: mapped 0x%" PRIx64 " bytes, unmapped 0x%" PRIx64 " by their owners + 0x%" PRIx64
		       " by UNMAP_ALL + 0x%" PRIx64 " at the end: a mapping was lost or counted twice\n",
		       who, (uint64_t)sh.mapped, (uint64_t)sh.unmapped, (uint64_t)sh.swept, rest);
		broken++;
	}
	if (__iommu_dma_avail(c, &end, &p) || end != start) {
		printf("# %s: DMA_AVAIL %u at the start, %u after everything was unmapped\n", who, start, end);
		broken++;
	}
	printf("# %s: %" PRIu64 " mappings and %" PRIu64 " GET_INFOs in %.1f s (%.0f mappings/s), %u UNMAP_ALLs\n",
	       who, (uint64_t)sh.maps, (uint64_t)sh.infos, now() - began,
	       sh.maps / (now() - began), (unsigned int)sh.sweeps_ended);
	dma_buffer_free(&mem);
	return broken;
}

static long vmlck(struct __test_metadata *_metadata)
{
	struct problem p;
	long kib = -1;

	EXPECT_EQ(0, __proc_self_vmlck_kib("/proc/self/status", &kib, &p)) TH_LOG("%s", p.text);
	return kib;
}

FIXTURE(stress) {
	int container, group;
	int unmap_all;
};

FIXTURE_VARIANT(stress) {
	const struct backend *backend;
};
LIVE_BACKENDS(stress);

FIXTURE_SETUP(stress)
{
	struct iova_space io;

	self->container = self->group = -1;
	LIVE_OPEN_CONTAINER(self, variant->backend);
	live_iova_space_read(self->container, &io);
	self->unmap_all = live_kernel_has(self->container, "unmap_all_and_vaddr");
	ASSERT_LE(0, self->unmap_all);
	live_close(&self->container, &self->group);
}

FIXTURE_TEARDOWN(stress)
{
	LIVE_DUMP_IF_FAILED(self->container);
	live_close(&self->container, &self->group);
}

/* Threads of one process share a container; its pins go when it closes. */
TEST_F_TIMEOUT(stress, threads_sharing_a_container_keep_exact_accounts, 300)
{
	long before = vmlck(_metadata);

	LIVE_OPEN_CONTAINER(self, variant->backend);
	EXPECT_EQ(0, hammer(self->container, self->unmap_all, "threads"));
	live_close(&self->container, &self->group);
	EXPECT_EQ(before, vmlck(_metadata)) TH_LOG("locked memory (VmLck, kB) not back after close");
}

/* One process per IOMMU group, each with its container, all at once. */
TEST_F_TIMEOUT(stress, processes_with_their_own_containers_keep_exact_accounts, 300)
{
	unsigned int groups[DUT_MAX], n = 0;
	pid_t pid[DUT_MAX];

	for (size_t i = 0; i < live.count; i++) {
		bool seen = false;

		for (unsigned int j = 0; j < n; j++)
			seen |= groups[j] == live.duts[i].group;
		if (!seen)
			groups[n++] = live.duts[i].group;
	}
	if (n < 2)
		SKIP(return, "needs devices in two IOMMU groups");
	for (unsigned int j = 0; j < n; j++) {
		fflush(NULL);	/* or the children print the parent's buffer again */
		pid[j] = fork();
		ASSERT_LE(0, pid[j]);
		if (!pid[j]) {
			char who[32];
			long before = vmlck(_metadata);
			int c = __backend_open(variant->backend), g = __vfio_group_open(groups[j]), broken;
			int dev = -1;

			snprintf(who, sizeof(who), "group %u", groups[j]);
			if (c < 0 || g < 0 || __vfio_group_set_container(g, c) ||
			    __vfio_set_iommu(c, variant->backend->iommu_type)) {
				printf("# %s: no container with the group and the backend\n", who);
				_exit(1);
			}
			dev = live_domain_device_open(variant->backend, g, groups[j]);
			broken = hammer(c, self->unmap_all, who);
			if (dev >= 0)
				close(dev);
			close(g);
			close(c);
			if (vmlck(_metadata) != before) {
				printf("# %s: VmLck %ld kB before, %ld kB after close\n", who, before,
				       vmlck(_metadata));
				broken++;
			}
			fflush(stdout);
			_exit(broken ? 1 : 0);
		}
	}
	for (unsigned int j = 0; j < n; j++) {
		int status;

		ASSERT_EQ(pid[j], waitpid(pid[j], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
			TH_LOG("the process on group %u broke an invariant (status 0x%x)", groups[j], status);
	}
}

/*
 * A33's other limit: without CAP_IPC_LOCK, pinning is held to
 * RLIMIT_MEMLOCK; a MAP past it is ENOMEM, takes no entry, and what was
 * pinned is given back on close.
 */
TEST_F(stress, memlock_limit_refuses_and_pins_nothing)
{
	pid_t pid;
	int status;

	fflush(NULL);	/* or the child prints the parent's buffer again */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct iova_space io;
		struct dma_buffer mem;
		struct problem p;
		struct rlimit lim;
		uint32_t avail, avail_after;
		uint64_t base;
		long before, page = sysconf(_SC_PAGESIZE);
		int c, g, dev, ret, broken = 0;

		if (__drop_cap_ipc_lock()) {
			printf("# cannot drop CAP_IPC_LOCK\n");
			_exit(1);
		}
		before = vmlck(_metadata);
		c = __backend_open(variant->backend);
		g = __vfio_group_open(live.duts[0].group);
		if (c < 0 || g < 0 || __vfio_group_set_container(g, c) ||
		    __vfio_set_iommu(c, variant->backend->iommu_type)) {
			printf("# no container with the group and the backend\n");
			_exit(1);
		}
		dev = live_domain_device_open(variant->backend, g, live.duts[0].group);
		if (__iova_space_read(c, &io, &p) ||
		    iova_ranges_first_fit(io.r, io.nr, io.granule, 3, &base) ||
		    __dma_buffer_alloc(&mem, io.granule, 3)) {
			printf("# no container, IOVA space or buffer to map\n");
			_exit(1);
		}
		/* room for two granules' pages beyond what is locked now */
		lim.rlim_cur = lim.rlim_max = before * 1024 + 2 * io.granule;
		if (setrlimit(RLIMIT_MEMLOCK, &lim)) {
			printf("# setrlimit(RLIMIT_MEMLOCK): %s\n", strerror(errno));
			_exit(1);
		}
		ret = __vfio_map_dma(c, (uintptr_t)mem.p, base, 2 * io.granule, VFIO_RW);
		if (ret) {
			printf("# MAP of 2 granules within RLIMIT_MEMLOCK: %s\n", strerror(-ret));
			broken++;
		}
		__iommu_dma_avail(c, &avail, &p);
		ret = __vfio_map_dma(c, (uintptr_t)mem.p + 2 * io.granule, base + 2 * io.granule,
				     io.granule, VFIO_RW);
		if (ret != -ENOMEM) {
			printf("# MAP past RLIMIT_MEMLOCK (%ld pages locked before): %s, want ENOMEM\n",
			       before * 1024 / page, ret ? strerror(-ret) : "success");
			broken++;
		}
		if (!__iommu_dma_avail(c, &avail_after, &p) && avail_after != avail) {
			printf("# the refused MAP took a DMA entry (avail %u, then %u)\n", avail,
			       avail_after);
			broken++;
		}
		if (dev >= 0)
			close(dev);
		close(g);
		close(c);
		if (vmlck(_metadata) != before) {
			printf("# VmLck %ld kB before, %ld kB after close\n", before, vmlck(_metadata));
			broken++;
		}
		fflush(stdout);
		_exit(broken ? 1 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("a broken invariant (status 0x%x)", status);
}

LIVE_MAIN
