// SPDX-License-Identifier: GPL-2.0-only
/*
 * differential: random but reproducible sequences of MAP_DMA, UNMAP_DMA
 * and DIRTY_PAGES requests, run against the container and the reference
 * model (lib/type1_model.c) side by side, with dma_entry_limit lowered so
 * that the limit is reached. Requests aim at every range edge, every gap
 * edge, the aperture's end and 2^64, and break every rule the model knows.
 * After every step: the errno, the size UNMAP wrote back (or left alone),
 * DMA_AVAIL from GET_INFO, and which tracked IOVAs are mapped (a one-granule
 * MAP probe: EEXIST says mapped; one that succeeds is undone at once).
 * (The mapped IOVAs are probed every PROBE_EVERY steps and at the end.)
 * $VFIO_CONFORMANCE_SEED repeats a run; $VFIO_CONFORMANCE_DIFF_STEPS sets
 * its length (1000); $VFIO_CONFORMANCE_DIFF_SECONDS runs more for that
 * long. On a divergence the seed, the step and the shortest sequence that
 * still diverges are printed.
 */
#include <time.h>

#include "live.h"
#include "lockstep.h"

#define LIMIT 5			/* entries: reached within a few steps */
#define BUF_GRANULES 16
#define MAX_TARGETS 40
#define MAX_STEPS 100000
#define PROBE_EVERY 8

/* What a step (or a probe) showed that the model did not predict. */
struct divergence {
	long step;
	char what[400];
};

FIXTURE(differential) {
	int container, group;
	struct dma_buffer buf;
	struct lockstep ls;
	struct type1_model_config cfg;
	uint64_t granule, targets[MAX_TARGETS];
	unsigned int nr_targets;
	unsigned int counts[8];		/* states and refusals reached */
};

FIXTURE_VARIANT(differential) {
	const struct backend *backend;
};
/* its expectations are type1's model (lib/type1_model) */
LIVE_TYPE1_BACKENDS(differential);

enum { SEEN_AT_LIMIT, SEEN_AFTER_UNMAP_ALL, SEEN_VADDR_INVALID, SEEN_TRACKING,
       SEEN_REFUSED, SEEN_EEXIST, SEEN_ENOSPC, SEEN_EOVERFLOW };
static const char *const seen_name[] = {
	"at the entry limit", "after UNMAP_ALL", "with a vaddr invalidated",
	"with dirty tracking on", "refused", "EEXIST", "ENOSPC", "EOVERFLOW",
};

static uint64_t rng_state;
static uint64_t rnd(void)
{
	/* xorshift64*: the same seed, the same sequence on every ABI */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}
static uint64_t pick(uint64_t n)
{
	return rnd() % n;
}

static unsigned long long env_number(const char *name, unsigned long long fallback)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : fallback;
}

static void add_target(FIXTURE_DATA(differential) *self, uint64_t iova)
{
	iova &= ~(self->granule - 1);
	for (unsigned int i = 0; i < self->nr_targets; i++)
		if (self->targets[i] == iova)
			return;
	if (self->nr_targets < MAX_TARGETS)
		self->targets[self->nr_targets++] = iova;
}

FIXTURE_SETUP(differential)
{
	struct iova_space io;
	struct problem p;
	uint64_t base, g;

	self->container = self->group = -1;
	if (getuid() != 0)
		SKIP(return, "lowering dma_entry_limit needs root");
	ASSERT_EQ(0, lockstep_open(&self->container, &self->group, variant->backend->iommu_type, LIMIT, &p)) TH_LOG("%s", p.text);
	live_iova_space_read(self->container, &io);
	g = self->granule = io.granule;
	dma_buffer_alloc(&self->buf, g, BUF_GRANULES);
	LOCKSTEP_INIT(self->ls, self->cfg, self->container, &io, variant->backend->iommu_type, LIMIT,
		      (uintptr_t)self->buf.p + (BUF_GRANULES - 1) * g);

	/* a block of ordinary IOVAs, then every edge the space has */
	base = iova_space_first_fit(&io, 8);
	for (unsigned int i = 0; i < 8; i++)
		add_target(self, base + i * g);
	for (uint32_t i = 0; i < io.nr; i++) {
		add_target(self, io.r[i].start);
		add_target(self, io.r[i].end + 1 - g);
		if (io.r[i].end - io.r[i].start >= 2 * g)
			add_target(self, io.r[i].end + 1 - 2 * g);
		if (i + 1 < io.nr) {
			add_target(self, io.r[i].end + 1);		/* the gap's first granule */
			add_target(self, io.r[i + 1].start - g);	/* and its last */
		}
	}
	if (io.nr && io.r[io.nr - 1].end != UINT64_MAX)
		add_target(self, io.r[io.nr - 1].end + 1);		/* past the aperture */
}

FIXTURE_TEARDOWN(differential)
{
	LIVE_DUMP_IF_FAILED(self->container);
	live_close(&self->container, &self->group);
	dma_buffer_free(&self->buf);
}

static uint64_t some_vaddr(FIXTURE_DATA(differential) *self)
{
	return (uintptr_t)self->buf.p + pick(BUF_GRANULES / 2) * self->granule;
}

static uint64_t some_size(FIXTURE_DATA(differential) *self)
{
	static const unsigned int granules[] = { 1, 1, 1, 2, 2, 3, 8 };

	return granules[pick(sizeof(granules) / sizeof(granules[0]))] * self->granule;
}

/* One random request: mostly well formed, a fifth of them breaking a rule. */
static struct lockstep_request next_step(FIXTURE_DATA(differential) *self, const struct type1_model *m)
{
	uint64_t g = self->granule, top = UINT64_MAX - g + 1;
	uint64_t iova = self->targets[pick(self->nr_targets)];
	struct lockstep_request s = { 0 };
	unsigned int r = pick(100);

	if (r < 55) {
		s.op = OP_MAP;
		s.map = (struct type1_map_req){ 32, VFIO_RW, some_vaddr(self), iova, some_size(self) };
		/* three in four well formed: the limit must be reached */
		switch (pick(40)) {
		case 0: s.map.flags = 0; break;
		case 1: s.map.flags = VFIO_DMA_MAP_FLAG_VADDR | VFIO_DMA_MAP_FLAG_READ; break;
		case 2: s.map.flags |= 8; break;
		case 3: s.map.argsz = 31; break;
		case 4: s.map.size = 0; break;
		case 5: s.map.iova += g / 2; break;
		case 6: s.map.size = g + g / 2; break;
		case 7: s.map.iova = top; s.map.size = 2 * g; break;		/* wraps */
		case 8: s.map.vaddr = top; s.map.size = 2 * g; break;	/* so does vaddr */
		case 9: case 10: case 11: case 12: {
			/* a vaddr update: of a mapping as it is, or of a wrong size */
			const struct type1_model_mapping *d = m->count ? &m->maps[pick(m->count)] : NULL;

			s.map.flags = VFIO_DMA_MAP_FLAG_VADDR;
			if (d) {
				s.map.iova = d->iova;
				s.map.size = pick(4) ? d->size : d->size + g;
			}
			break;
		}
		default: break;
		}
		if (lockstep_avoided(&self->ls, s.map.iova, s.map.size))
			s.map.iova = self->targets[0];
	} else if (r < 92) {
		s.op = OP_UNMAP;
		s.unmap = (struct type1_unmap_req){ 24, 0, iova, some_size(self), 0 };
		switch (pick(40)) {
		case 0: s.unmap.flags = VFIO_DMA_UNMAP_FLAG_ALL; s.unmap.iova = s.unmap.size = 0; break;
		case 1: s.unmap.flags = VFIO_DMA_UNMAP_FLAG_ALL; break;		/* with a range */
		case 2: case 3: case 4: case 5: s.unmap.flags = VFIO_DMA_UNMAP_FLAG_VADDR; break;
		case 6: s.unmap.flags = VFIO_DMA_UNMAP_FLAG_VADDR | VFIO_DMA_UNMAP_FLAG_ALL;
			s.unmap.iova = s.unmap.size = 0; break;
		case 7: s.unmap.flags = 8; break;
		case 8: s.unmap.argsz = 23; break;
		case 9: s.unmap.iova += g / 2; break;
		case 10: s.unmap.size = 0; break;
		case 11: s.unmap.iova = top; s.unmap.size = 2 * g; break;
		case 12: case 13: case 14: case 15:
			s.unmap.flags = VFIO_DMA_UNMAP_FLAG_GET_DIRTY_BITMAP;
			s.unmap.argsz = 48;
			s.unmap.bitmap_pgsize = pick(5) ? g : 2 * g;
			break;
		case 16: s.unmap.iova = 0; s.unmap.size = UINT64_MAX - g + 1; break;	/* everything below the top */
		default: break;
		}
	} else {
		s.op = OP_DIRTY;
		s.dirty_flags = pick(8) ? 1u << pick(2) : 3;	/* START, STOP, or both */
	}
	return s;
}

/*
 * Runs steps on the container and a fresh model; returns the index of the
 * first step where they part, or -1. Every answer is compared, the state
 * every probe_every steps and after the last; full counts what was reached.
 */
static long run(FIXTURE_DATA(differential) *self, const struct lockstep_request *steps, long n,
		long probe_every, bool full, struct divergence *dv)
{
	struct type1_model m;

	if (type1_model_init(&m, &self->cfg))
		return snprintf(dv->what, sizeof(dv->what), "no memory for the model"), 0;
	for (long i = 0; i < n; i++) {
		const struct lockstep_request *s = &steps[i];
		/* the state the step met, for the counts */
		bool at_limit = !m.avail, tracking = m.dirty_tracking;
		bool vaddr_invalid = type1_model_invalid_vaddrs(&m) > 0;
		struct type1_outcome want;

		lockstep_step(&self->ls, &m, s, &want, dv->what, sizeof(dv->what));
		if (want.err < 0)
			continue;
		if (!dv->what[0] && ((i + 1) % probe_every == 0 || i == n - 1))
			lockstep_compare(&self->ls, &m, self->targets, self->nr_targets,
					 dv->what, sizeof(dv->what));
		if (full) {
			self->counts[SEEN_AT_LIMIT] += at_limit;
			self->counts[SEEN_AFTER_UNMAP_ALL] += s->op == OP_UNMAP && !want.err &&
				(s->unmap.flags & VFIO_DMA_UNMAP_FLAG_ALL);
			self->counts[SEEN_VADDR_INVALID] += vaddr_invalid;
			self->counts[SEEN_TRACKING] += tracking;
			self->counts[SEEN_REFUSED] += want.err != 0;
			self->counts[SEEN_EEXIST] += want.err == EEXIST;
			self->counts[SEEN_ENOSPC] += want.err == ENOSPC;
			self->counts[SEEN_EOVERFLOW] += want.err == EOVERFLOW;
		}
		if (dv->what[0]) {
			type1_model_free(&m);
			dv->step = i;
			return i;
		}
	}
	type1_model_free(&m);
	return -1;
}

/* A fresh container for a replay: the old one's mappings all gone. */
static bool reopen(FIXTURE_DATA(differential) *self, unsigned long type)
{
	struct problem p;

	live_close(&self->container, &self->group);
	if (lockstep_open(&self->container, &self->group, type, LIMIT, &p))
		return false;
	self->ls.container = self->container;
	return true;
}

/* Drops every step it can while the run still diverges (one pass, each
 * step tried once): what is left reads as the rule, not as step 4711. */
static long shrink(FIXTURE_DATA(differential) *self, unsigned long type, struct lockstep_request *steps,
		   long n, struct divergence *last)
{
	struct divergence dv;

	for (long i = n - 2; i >= 0; i--) {
		struct lockstep_request kept = steps[i];

		memmove(&steps[i], &steps[i + 1], (n - i - 1) * sizeof(*steps));
		if (reopen(self, type) && run(self, steps, n - 1, n - 1, false, &dv) >= 0) {
			n = dv.step + 1;
			*last = dv;
			continue;
		}
		memmove(&steps[i + 1], &steps[i], (n - i - 1) * sizeof(*steps));
		steps[i] = kept;
	}
	return n;
}

/* One run of n steps from seed on the container as it is (fresh): -1, or
 * the step that diverged, with the report and the shortest sequence. */
static long one_run(struct __test_metadata *_metadata, FIXTURE_DATA(differential) *self,
		    unsigned long type, uint64_t seed, long n)
{
	struct lockstep_request *steps = calloc(n, sizeof(*steps));
	struct divergence dv = { 0 };
	struct type1_model shadow;
	struct timespec t0, t1;
	double secs;
	long at;

	if (!steps || type1_model_init(&shadow, &self->cfg)) {
		free(steps);
		EXPECT_TRUE(0) TH_LOG("no memory for %ld steps", n);
		return 0;
	}
	/* the steps are drawn against a model of their own, so that vaddr
	 * updates name real mappings; the run replays them */
	rng_state = seed ? seed : 1;
	for (long i = 0; i < n; i++) {
		steps[i] = next_step(self, &shadow);
		lockstep_predict(&shadow, &steps[i]);
	}
	type1_model_free(&shadow);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	at = run(self, steps, n, PROBE_EVERY, true, &dv);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(stderr, "# differential: seed %llu (VFIO_CONFORMANCE_SEED), %ld steps in %.2f s, %.0f steps/s, %u targets\n",
		(unsigned long long)seed, at < 0 ? n : at + 1, secs, (at < 0 ? n : at + 1) / (secs > 0 ? secs : 1),
		self->nr_targets);
	if (at >= 0) {
		char what[200];
		long len;

		EXPECT_LT(at, 0) TH_LOG("seed %llu, step %ld: %s", (unsigned long long)seed, at, dv.what);
		len = shrink(self, type, steps, at + 1, &dv);
		fprintf(stderr, "# the shortest sequence found that still diverges (%ld of %ld steps),\n"
			"# after which: %s\n", len, at + 1, dv.what);
		for (long i = 0; i < len; i++) {
			lockstep_describe(&steps[i], what, sizeof(what));
			fprintf(stderr, "#   %ld: %s\n", i, what);
		}
	}
	free(steps);
	return at;
}

/*
 * Issue 14's differential run: every answer and every state as the
 * model's. With $VFIO_CONFORMANCE_DIFF_SECONDS (make soak), runs follow
 * one another, each on a fresh container with the next seed, until that
 * much time has gone.
 */
TEST_F_TIMEOUT(differential, random_requests_agree_with_the_model, 3600)
{
	long n = env_number("VFIO_CONFORMANCE_DIFF_STEPS", 1000);
	uint64_t seed = env_number("VFIO_CONFORMANCE_SEED", 0);
	double budget = env_number("VFIO_CONFORMANCE_DIFF_SECONDS", 0), spent;
	struct timespec start, now;
	long runs = 0;
	struct problem p;

	if (n < 1 || n > MAX_STEPS)
		n = 1000;
	if (budget > 3000)
		budget = 3000;	/* inside the harness's timeout */
	if (!seed) {
		clock_gettime(CLOCK_REALTIME, &start);
		seed = (uint64_t)start.tv_sec * 1000003u ^ (uint64_t)start.tv_nsec ^ (uint64_t)getpid();
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (one_run(_metadata, self, variant->backend->iommu_type, seed, n) >= 0)
			break;
		runs++;
		clock_gettime(CLOCK_MONOTONIC, &now);
		spent = (now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
		if (spent >= budget)
			break;
		seed = rnd();	/* the next run's, printed with it */
		live_close(&self->container, &self->group);
		ASSERT_EQ(0, lockstep_open(&self->container, &self->group, variant->backend->iommu_type, LIMIT, &p))
			TH_LOG("%s", p.text);
		self->ls.container = self->container;
	}
	fprintf(stderr, "# %ld run(s) of %ld steps agreed; steps taken:", runs, n);
	for (unsigned int i = 0; i < sizeof(seen_name) / sizeof(seen_name[0]); i++)
		fprintf(stderr, "%s %s %u", i ? "," : "", seen_name[i], self->counts[i]);
	fprintf(stderr, "\n");
}

LIVE_MAIN
