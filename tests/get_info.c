// SPDX-License-Identifier: GPL-2.0-only
/*
 * get_info: the VFIO_IOMMU_GET_INFO argsz protocol (SPEC §2; A18-A25, A29).
 * Every call is made into a buffer filled with a sentinel past the part the
 * kernel may write, and every byte is checked afterwards.
 */
#include "cap_chain.h"
#include "cap_readers.h"
#include "live.h"
#include "type1_chain.h"

/* offsetofend(info, iova_pgsizes): the least argsz the kernel takes */
#define MINSZ kabi_off(vfio_iommu_type1_info, cap_offset)
/* the fixed header: where the chain starts */
#define HEADER kabi_sizeof(vfio_iommu_type1_info)
#define SLACK 4096
/*
 * A GET_INFO that has not returned in this many seconds hangs: the whole
 * program, every argsz swept, takes under a second under TCG. (The
 * harness's default is 30 s, which a hanging kernel, ci/negative's
 * get_info_hangs, made the run wait twice.)
 */
#define HANG_SECONDS 10

FIXTURE(get_info) {
	int container, group;
	uint32_t need;		/* R: the argsz the kernel asks for */
	uint8_t *buf;		/* need + SLACK bytes of sentinel */
};

FIXTURE_VARIANT(get_info) {
	const struct backend *backend;
};
LIVE_BACKENDS(get_info);

FIXTURE_SETUP(get_info)
{
	struct info_chain ic;
	int chain;

	self->container = self->group = -1;
	LIVE_OPEN_CONTAINER(self, variant->backend);
	/* the argsz protocol is the chain's (A61): older kernels write 16 bytes */
	chain = live_kernel_has(self->container, "iova_range_cap");
	ASSERT_LE(0, chain);
	if (!chain)
		SKIP(return, "no capability chain: kernel below 5.4 (vfio-v5.4-rc1 IOVA-range series)");
	iommu_info_read(self->container, &ic);
	self->need = ic.raw.len;
	info_chain_free(&ic);
	self->buf = malloc(self->need + SLACK);
	ASSERT_NOT_NULL(self->buf);
}

FIXTURE_TEARDOWN(get_info)
{
	LIVE_DUMP_IF_FAILED(self->container);
	free(self->buf);
	live_close(&self->container, &self->group);
}

/* One call with argsz, the buffer all sentinel but argsz and flags. */
static int call(FIXTURE_DATA(get_info) *self, uint32_t argsz, uint32_t flags)
{
	memset(self->buf, SENTINEL, self->need + SLACK);
	store_u32(self->buf, kabi_off(vfio_iommu_type1_info, argsz), argsz);
	store_u32(self->buf, kabi_off(vfio_iommu_type1_info, flags), flags);
	return __vfio_iommu_get_info(self->container, self->buf);
}

static uint32_t field32(FIXTURE_DATA(get_info) *self, uint32_t off)
{
	return load_u32(self->buf, off);
}

#define ARGSZ kabi_off(vfio_iommu_type1_info, argsz)
#define FLAGS kabi_off(vfio_iommu_type1_info, flags)
#define CAP_OFFSET kabi_off(vfio_iommu_type1_info, cap_offset)

/* A18: below minsz the call fails and the buffer is left exactly as it was. */
TEST_F_TIMEOUT(get_info, argsz_below_minsz_is_einval, HANG_SECONDS)
{
	static const uint32_t sizes[] = { 0, 8, MINSZ - 1 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		EXPECT_ERRNO(EINVAL, call(self, sizes[i], 0)) TH_LOG("argsz %u", sizes[i]);
		EXPECT_EQ(sizes[i], field32(self, ARGSZ));
		EXPECT_EQ(-1, first_changed(self->buf, 8, self->need + SLACK))
			TH_LOG("argsz %u: byte %ld written", sizes[i],
			       first_changed(self->buf, 8, self->need + SLACK));
	}
}

/* A19: input flags are ignored; the output is exactly PGSIZES | CAPS. */
TEST_F_TIMEOUT(get_info, input_flags_are_ignored, HANG_SECONDS)
{
	ASSERT_EQ(0, call(self, self->need, 0xffffffff));
	EXPECT_EQ(VFIO_IOMMU_INFO_PGSIZES | VFIO_IOMMU_INFO_CAPS, field32(self, FLAGS));
}

/*
 * A20, A21: every argsz from minsz to one short of R: success, argsz raised
 * to exactly R, CAPS set, cap_offset 0 once it fits, nothing at or past the
 * chain (no partial caps) and nothing past argsz written.
 */
TEST_F_TIMEOUT(get_info, too_small_argsz_is_raised_without_partial_caps, HANG_SECONDS)
{
	for (uint32_t argsz = MINSZ; argsz < self->need; argsz++) {
		long changed;

		ASSERT_EQ(0, call(self, argsz, 0)) TH_LOG("argsz %u", argsz);
		EXPECT_EQ(self->need, field32(self, ARGSZ)) TH_LOG("argsz %u", argsz);
		EXPECT_EQ(VFIO_IOMMU_INFO_PGSIZES | VFIO_IOMMU_INFO_CAPS, field32(self, FLAGS))
			TH_LOG("argsz %u", argsz);
		if (argsz >= CAP_OFFSET + 4) {
			EXPECT_EQ(0, field32(self, CAP_OFFSET)) TH_LOG("argsz %u: cap_offset", argsz);
		}
		changed = first_changed(self->buf, argsz < HEADER ? argsz : HEADER,
					self->need + SLACK);
		EXPECT_EQ(-1, changed) TH_LOG("argsz %u: byte %ld written", argsz, changed);
	}
}

/* A22: argsz == R places the chain at 24 and leaves argsz at R. */
TEST_F_TIMEOUT(get_info, exact_argsz_places_chain_at_header_end, HANG_SECONDS)
{
	ASSERT_EQ(0, call(self, self->need, 0));
	EXPECT_EQ(self->need, field32(self, ARGSZ));
	EXPECT_EQ(24, field32(self, CAP_OFFSET));
	EXPECT_EQ(-1, first_changed(self->buf, self->need, self->need + SLACK));
}

/* A22: one byte short is still too small. */
TEST_F_TIMEOUT(get_info, argsz_one_short_gets_no_chain, HANG_SECONDS)
{
	ASSERT_EQ(0, call(self, self->need - 1, 0));
	EXPECT_EQ(self->need, field32(self, ARGSZ));
	EXPECT_EQ(0, field32(self, CAP_OFFSET));
}

/* A23: a larger argsz is left as passed; nothing is written past R. */
TEST_F_TIMEOUT(get_info, larger_argsz_is_left_as_passed, HANG_SECONDS)
{
	ASSERT_EQ(0, call(self, self->need + SLACK, 0));
	EXPECT_EQ(self->need + SLACK, field32(self, ARGSZ));
	EXPECT_EQ(24, field32(self, CAP_OFFSET));
	EXPECT_EQ(-1, first_changed(self->buf, self->need, self->need + SLACK));
}

/*
 * A24, A25, A62: R is 24 + the caps, packed (84 + 16n) before a881b496941f
 * and 8-byte padded (88 + 16n) after it -- or the sum of the caps an older
 * kernel has (tests/type1_chain.h); the header's pad (20..23) is left
 * alone before and zeroed after.
 */
TEST_F_TIMEOUT(get_info, needed_size_and_pad_follow_cap_alignment, HANG_SECONDS)
{
	int aligned = live_kernel_has(self->container, "caps_8_byte_aligned");
	int migration = live_kernel_has(self->container, "migration_cap");
	int dma_avail = live_kernel_has(self->container, "dma_avail_cap");
	struct cap_chain chain;
	const struct cap_entry *iova;
	struct iova_range r[64];
	uint32_t n = 0, want;
	struct problem p;

	ASSERT_LE(0, aligned);
	ASSERT_LE(0, migration);
	ASSERT_LE(0, dma_avail);
	ASSERT_EQ(0, call(self, self->need, 0));
	ASSERT_EQ(CHAIN_OK, cap_chain_walk(self->buf, self->need, HEADER, HEADER,
					   CAP_NS_IOMMU_INFO, &chain))
		TH_LOG("%s", chain.problem.text);
	iova = cap_chain_find(&chain, KABI_CAP_IOVA_RANGE);
	if (iova) {
		ASSERT_EQ(0, cap_read_iova_ranges(self->buf, iova, r, 64, &n, &p))
			TH_LOG("%s", p.text);
	}
	want = type1_chain_expected(migration, dma_avail, aligned, iova, n).need;
	EXPECT_EQ(want, self->need) TH_LOG("%u IOVA ranges, caps %s", n,
					   aligned ? "8-byte aligned" : "packed");

	ASSERT_EQ(0, call(self, HEADER, 0));
	if (aligned) {
		EXPECT_EQ(0, field32(self, CAP_OFFSET + 4)) TH_LOG("pad not zeroed");
	} else {
		EXPECT_EQ(-1, first_changed(self->buf, CAP_OFFSET + 4, HEADER)) TH_LOG("pad written");
	}
}

/* A29: two calls with nothing between them return the same bytes. */
TEST_F_TIMEOUT(get_info, repeated_calls_are_identical, HANG_SECONDS)
{
	uint8_t *first = malloc(self->need);

	ASSERT_NOT_NULL(first);
	ASSERT_EQ(0, call(self, self->need, 0));
	memcpy(first, self->buf, self->need);
	ASSERT_EQ(0, call(self, self->need, 0));
	EXPECT_EQ(0, memcmp(first, self->buf, self->need));
	free(first);
}

LIVE_MAIN
