// SPDX-License-Identifier: GPL-2.0-only
/*
 * rules: every MAP_DMA, UNMAP_DMA and DIRTY_PAGES rule of SPEC §3, §4 and
 * A63-A72 as a named test, in every state the reference model tells apart
 * (lib/type1_model.c): fresh, below and at the entry limit, after each kind
 * of refusal (EINVAL, EEXIST, ENOSPC), after each kind of removal (ranged
 * UNMAP, UNMAP_ALL, closing the container), with dirty tracking on, and
 * with a vaddr invalidated. The test is named STATE_BACKEND.RULE; what the
 * kernel must answer in that state is the model's answer, and the state
 * afterwards (DMA_AVAIL, which IOVAs are mapped) must be the model's too.
 * A state whose set-up already disagrees fails every rule in it, saying so.
 */
#include "live.h"
#include "lockstep.h"

#define LOW_LIMIT 3		/* the states at the limit: three mappings */
#define BUF_GRANULES 8

enum state {
	FRESH, BELOW_LIMIT, AT_LIMIT, AFTER_EINVAL, AFTER_EEXIST, AFTER_ENOSPC,
	AFTER_UNMAP, AFTER_UNMAP_ALL, AFTER_CLOSE, TRACKING_ON, VADDR_INVALID,
};

FIXTURE(rules) {
	int container, group;
	struct dma_buffer buf;
	struct lockstep ls;
	struct type1_model_config cfg;
	struct type1_model m;		/* zeroed by the harness: free is safe */
	uint64_t g, a, b, c, f, outside, iovas[8];
	unsigned int nr_iovas;
};

FIXTURE_VARIANT(rules) {
	const struct backend *backend;
	enum state state;
};

#define RULES_STATE(name, st)                                                  \
	FIXTURE_VARIANT_ADD(rules, name##_type1v2) { &backend_type1v2, st }; \
	FIXTURE_VARIANT_ADD(rules, name##_type1v1) { &backend_type1v1, st }
RULES_STATE(fresh, FRESH);
RULES_STATE(below_limit, BELOW_LIMIT);
RULES_STATE(at_limit, AT_LIMIT);
RULES_STATE(after_einval, AFTER_EINVAL);
RULES_STATE(after_eexist, AFTER_EEXIST);
RULES_STATE(after_enospc, AFTER_ENOSPC);
RULES_STATE(after_unmap, AFTER_UNMAP);
RULES_STATE(after_unmap_all, AFTER_UNMAP_ALL);
RULES_STATE(after_close, AFTER_CLOSE);
RULES_STATE(tracking_on, TRACKING_ON);
RULES_STATE(vaddr_invalid, VADDR_INVALID);

static bool needs_low_limit(enum state s)
{
	return s == AT_LIMIT || s == AFTER_ENOSPC;
}

static struct lockstep_request map_req(FIXTURE_DATA(rules) *self, uint32_t flags, uint64_t iova,
				       uint64_t size)
{
	return (struct lockstep_request){ .op = OP_MAP,
		.map = { 32, flags, (uintptr_t)self->buf.p, iova, size } };
}

static struct lockstep_request unmap_req(uint32_t flags, uint64_t iova, uint64_t size)
{
	return (struct lockstep_request){ .op = OP_UNMAP, .unmap = { 24, flags, iova, size, 0 } };
}

/* One request to the kernel and the model; 0, or non-zero with what
 * differed in out (the answer, or with compare the state after it). */
static int both(FIXTURE_DATA(rules) *self, struct lockstep_request r, bool compare, char *out,
		size_t len)
{
	struct type1_outcome want;

	lockstep_step(&self->ls, &self->m, &r, &want, out, len);
	if (compare && !out[0] && want.err >= 0)
		lockstep_compare(&self->ls, &self->m, self->iovas, self->nr_iovas, out, len);
	return out[0] != 0;
}

/* A set-up step: its answer checked; the state once, when it is set up */
#define SET_UP(self, r)                                                        \
	do {                                                                   \
		char __what[400];                                              \
		ASSERT_EQ(0, both(self, r, false, __what, sizeof(__what)))     \
			TH_LOG("setting up the state, the kernel and the model part: %s", __what); \
	} while (0)

FIXTURE_SETUP(rules)
{
	bool low = needs_low_limit(variant->state);
	uint32_t limit = LOW_LIMIT;
	struct iova_space io;
	struct problem p;
	uint64_t base, g;

	self->container = self->group = -1;
	if (low && getuid() != 0)
		SKIP(return, "lowering dma_entry_limit needs root");
	ASSERT_EQ(0, lockstep_open(&self->container, &self->group, variant->backend->iommu_type, low ? LOW_LIMIT : 0, &p)) TH_LOG("%s", p.text);
	live_iova_space_read(self->container, &io);
	g = self->g = io.granule;
	if (!low && __iommu_dma_avail(self->container, &limit, &p))
		limit = dma_entry_limit_read();
	dma_buffer_alloc(&self->buf, g, BUF_GRANULES);
	LOCKSTEP_INIT(self->ls, self->cfg, self->container, &io, variant->backend->iommu_type, limit,
		      (uintptr_t)self->buf.p + (BUF_GRANULES - 1) * g);
	ASSERT_EQ(0, type1_model_init(&self->m, &self->cfg));

	/* A (two granules), B, C and a free F in the first roomy range, and
	 * an IOVA no MAP may take: a reserved gap's first granule, or past
	 * the aperture */
	base = iova_space_first_fit(&io, 16);
	self->a = base, self->b = base + 4 * g, self->c = base + 6 * g, self->f = base + 10 * g;
	if (io.nr > 1)
		self->outside = io.r[0].end + 1;
	else if (io.nr && io.r[0].start >= g)
		self->outside = io.r[0].start - g;
	else if (io.nr && io.r[0].end < UINT64_MAX - g)
		self->outside = io.r[0].end + 1;
	else
		self->outside = self->a;	/* none: the space is whole */
	{
		const uint64_t watch[] = { self->a, self->a + g, self->b, self->c, self->f, self->outside };

		memcpy(self->iovas, watch, sizeof(watch));
		self->nr_iovas = sizeof(watch) / sizeof(watch[0]);
	}

	switch (variant->state) {
	case FRESH:
		break;
	case AFTER_CLOSE:
		SET_UP(self, map_req(self, VFIO_RW, self->a, 2 * g));
		SET_UP(self, map_req(self, VFIO_RW, self->c, g));
		live_close(&self->container, &self->group);
		ASSERT_EQ(0, lockstep_open(&self->container, &self->group, variant->backend->iommu_type, 0, &p)) TH_LOG("%s", p.text);
		self->ls.container = self->container;
		type1_model_free(&self->m);
		ASSERT_EQ(0, type1_model_init(&self->m, &self->cfg));
		SET_UP(self, map_req(self, VFIO_RW, self->a, 2 * g));
		SET_UP(self, map_req(self, VFIO_RW, self->b, g));
		break;
	case AFTER_UNMAP:
	case AFTER_UNMAP_ALL:
		SET_UP(self, map_req(self, VFIO_RW, self->a, 2 * g));
		SET_UP(self, map_req(self, VFIO_RW, self->b, g));
		SET_UP(self, map_req(self, VFIO_RW, self->c, g));
		if (variant->state == AFTER_UNMAP) {
			SET_UP(self, unmap_req(0, self->c, g));
			break;
		}
		if (!self->cfg.has_vaddr_and_all)
			SKIP(return, "no UNMAP_ALL: kernel below 5.12 (c19650995374)");
		SET_UP(self, unmap_req(VFIO_DMA_UNMAP_FLAG_ALL, 0, 0));
		SET_UP(self, map_req(self, VFIO_RW, self->a, 2 * g));
		SET_UP(self, map_req(self, VFIO_RW, self->b, g));
		break;
	default:
		SET_UP(self, map_req(self, VFIO_RW, self->a, 2 * g));
		SET_UP(self, map_req(self, VFIO_RW, self->b, g));
		if (variant->state == AT_LIMIT || variant->state == AFTER_ENOSPC)
			SET_UP(self, map_req(self, VFIO_RW, self->c, g));
		if (variant->state == AFTER_ENOSPC)
			SET_UP(self, map_req(self, VFIO_RW, self->f, g));
		if (variant->state == AFTER_EINVAL)
			SET_UP(self, map_req(self, VFIO_RW, self->f + g / 2, g));
		if (variant->state == AFTER_EEXIST)
			SET_UP(self, map_req(self, VFIO_RW, self->a + g, g));
		if (variant->state == TRACKING_ON)
			SET_UP(self, ((struct lockstep_request){ .op = OP_DIRTY, .dirty_flags = 1 }));
		if (variant->state == VADDR_INVALID) {
			if (!self->cfg.has_vaddr_and_all)
				SKIP(return, "no VADDR: kernel below 5.12 (c19650995374)");
			SET_UP(self, unmap_req(VFIO_DMA_UNMAP_FLAG_VADDR, self->b, g));
		}
		break;
	}
	{
		char what[400];

		lockstep_compare(&self->ls, &self->m, self->iovas, self->nr_iovas, what, sizeof(what));
		ASSERT_EQ(0, what[0]) TH_LOG("the state set up, the kernel and the model part: %s", what);
	}
}

FIXTURE_TEARDOWN(rules)
{
	LIVE_DUMP_IF_FAILED(self->container);
	live_close(&self->container, &self->group);
	dma_buffer_free(&self->buf);
	type1_model_free(&self->m);
}

/* The rule's request in this state: the model's answer and state. */
#define RULE(self, r)                                                          \
	do {                                                                   \
		char __what[400];                                              \
		EXPECT_EQ(0, both(self, r, true, __what, sizeof(__what))) TH_LOG("%s", __what); \
	} while (0)

/* A46, A50: a granule no mapping holds: 0 (ENOSPC at the limit) */
TEST_F(rules, map_of_a_free_granule)
{
	RULE(self, map_req(self, VFIO_RW, self->f, self->g));
}

/* A47: over a mapping, EEXIST before ENOSPC */
TEST_F(rules, map_at_a_mapped_iova)
{
	RULE(self, map_req(self, VFIO_RW, self->a + self->g, self->g));
}

/* A37, A41: into a reserved gap or past the aperture: EINVAL (ENOSPC first
 * at the limit) */
TEST_F(rules, map_outside_the_ranges)
{
	if (self->outside == self->a)
		SKIP(return, "the IOVA space is whole: nothing outside it");
	RULE(self, map_req(self, VFIO_RW, self->outside, self->g));
}

/* A44: an IOVA off the granule */
TEST_F(rules, map_misaligned)
{
	RULE(self, map_req(self, VFIO_RW, self->f + self->g / 2, self->g));
}

/* A44: neither READ nor WRITE */
TEST_F(rules, map_without_read_or_write)
{
	RULE(self, map_req(self, 0, self->f, self->g));
}

/* A69: a range that wraps 2^64 (EOVERFLOW from 6.18) */
TEST_F(rules, map_that_wraps)
{
	RULE(self, map_req(self, VFIO_RW, UINT64_MAX - self->g + 1, 2 * self->g));
}

/* A48: an exact UNMAP reports the bytes it removed */
TEST_F(rules, unmap_of_a_whole_mapping)
{
	RULE(self, unmap_req(0, self->a, 2 * self->g));
}

/* A49: v2 refuses to cut a mapping; v1 stops there with 0 bytes */
TEST_F(rules, unmap_cutting_a_mapping)
{
	RULE(self, unmap_req(0, self->a + self->g, self->g));
}

/* A48: nothing in the range: 0 with size 0 */
TEST_F(rules, unmap_of_nothing)
{
	RULE(self, unmap_req(0, self->f, self->g));
}

/* A45: an IOVA off the granule */
TEST_F(rules, unmap_misaligned)
{
	RULE(self, unmap_req(0, self->a + self->g / 2, self->g));
}

/* A70: a range that wraps 2^64 (EOVERFLOW from 6.18) */
TEST_F(rules, unmap_that_wraps)
{
	RULE(self, unmap_req(0, UINT64_MAX - self->g + 1, 2 * self->g));
}

/* A50: UNMAP_ALL takes every mapping and returns every entry (A65: an
 * unknown flag before 5.12) */
TEST_F(rules, unmap_all)
{
	RULE(self, unmap_req(VFIO_DMA_UNMAP_FLAG_ALL, 0, 0));
}

/* A47, A67: a vaddr update: ENOENT with no mapping, EINVAL on a valid
 * vaddr, 0 on an invalidated one */
TEST_F(rules, vaddr_update)
{
	RULE(self, map_req(self, VFIO_DMA_MAP_FLAG_VADDR, self->b, self->g));
}

/* A59, A63: UNMAP with a dirty bitmap needs tracking on and the granule */
TEST_F(rules, unmap_with_a_dirty_bitmap)
{
	struct lockstep_request r = unmap_req(VFIO_DMA_UNMAP_FLAG_GET_DIRTY_BITMAP, self->a,
					      2 * self->g);

	r.unmap.argsz = 48;
	r.unmap.bitmap_pgsize = self->g;
	RULE(self, r);
}

/* A59, A63: DIRTY_PAGES START: v2 only (EACCES on v1), ENOTTY before 5.8 */
TEST_F(rules, dirty_tracking_start)
{
	RULE(self, ((struct lockstep_request){ .op = OP_DIRTY, .dirty_flags = 1 }));
}

/* The kernel changes decided once, before the harness forks a process
 * for each of these 330 tests. */
int main(int argc, char **argv)
{
	live_init();
	if (live.count && live_backend_here(&backend_type1v2)) {
		int c = -1, g = -1;
		struct problem p;

		if (!lockstep_open(&c, &g, VFIO_TYPE1v2_IOMMU, 0, &p))
			lockstep_decide(c);
		live_close(&c, &g);
	}
	return live_run(argc, argv);
}
