// SPDX-License-Identifier: GPL-2.0-only
/*
 * multi_group: two devices in two IOMMU groups sharing one container. Its
 * IOVA ranges are the intersection of each group's, a gap of either is
 * refused, one mapping serves DMA from both devices, and detaching a group
 * recomputes the ranges (SPEC §3). Needs two devices in two groups; DMA
 * needs both to be edu.
 */
#include <inttypes.h>

#include "drivers/edu.h"
#include "live.h"

#define LEN 128

FIXTURE(multi_group) {
	int container, groups[2], devices[2];
	size_t dut[2];		/* index into live.duts of each group's device */
};

FIXTURE_VARIANT(multi_group) {
	unsigned long iommu_type;
};
LIVE_BACKENDS(multi_group);

FIXTURE_SETUP(multi_group)
{
	self->container = self->groups[0] = self->groups[1] = -1;
	self->devices[0] = self->devices[1] = -1;
	self->dut[0] = 0;
	self->dut[1] = live.count;
	for (size_t i = 1; i < live.count; i++) {
		if (live.duts[i].group != live.duts[0].group) {
			self->dut[1] = i;
			break;
		}
	}
	if (self->dut[1] == live.count)
		SKIP(return, "needs devices in two IOMMU groups (%zu device(s) here)", live.count);
	for (int g = 0; g < 2; g++) {
		self->groups[g] = __vfio_group_open(live.duts[self->dut[g]].group);
		ASSERT_LE(0, self->groups[g]);
	}
}

FIXTURE_TEARDOWN(multi_group)
{
	if (_metadata->exit_code == KSFT_FAIL)
		live_dump_context(self->container);
	for (int g = 0; g < 2; g++) {
		if (self->devices[g] >= 0)
			close(self->devices[g]);
		if (self->groups[g] >= 0)
			close(self->groups[g]);
	}
	if (self->container >= 0)
		close(self->container);
}

/* A new container holding the groups of mask (bit g: group g). */
static int container_with(FIXTURE_DATA(multi_group) *self, unsigned long type,
			  unsigned int mask)
{
	int c = __vfio_container_open();
	int set = 0;

	for (int g = 0; c >= 0 && g < 2; g++) {
		if (!(mask & (1u << g)))
			continue;
		if (__vfio_group_set_container(self->groups[g], c) ||
		    (!set++ && __vfio_set_iommu(c, type))) {
			close(c);
			return -1;
		}
	}
	return c;
}

static bool same_ranges(const struct iova_range *a, size_t na,
			const struct iova_range *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].start != b[i].start || a[i].end != b[i].end)
			return false;
	return true;
}

/*
 * The shared container's ranges are the intersection of each group's, and
 * after one group leaves they are the other's alone again.
 */
TEST_F(multi_group, ranges_are_the_intersection_and_recomputed_on_detach)
{
	struct live_iova one[2], both, after;
	struct iova_range want[128];
	size_t nwant;
	char why[320];

	for (int g = 0; g < 2; g++) {
		int c = container_with(self, variant->iommu_type, 1u << g);

		ASSERT_LE(0, c);
		ASSERT_EQ(0, live_read_iova(c, &one[g], why, sizeof(why))) TH_LOG("%s", why);
		__vfio_group_unset_container(self->groups[g]);
		close(c);
	}
	self->container = container_with(self, variant->iommu_type, 3);
	ASSERT_LE(0, self->container);
	ASSERT_EQ(0, live_read_iova(self->container, &both, why, sizeof(why))) TH_LOG("%s", why);
	nwant = iova_ranges_intersect(one[0].r, one[0].nr, one[1].r, one[1].nr, want, 128);
	EXPECT_TRUE(same_ranges(want, nwant, both.r, both.nr))
		TH_LOG("%u shared ranges, %zu in the intersection", both.nr, nwant);

	ASSERT_EQ(0, __vfio_group_unset_container(self->groups[0]));
	ASSERT_EQ(0, live_read_iova(self->container, &after, why, sizeof(why))) TH_LOG("%s", why);
	EXPECT_TRUE(same_ranges(one[1].r, one[1].nr, after.r, after.nr))
		TH_LOG("after the first group left: %u ranges, the second alone had %u",
		       after.nr, one[1].nr);
}

/* Every gap of the shared ranges is refused to MAP. */
TEST_F(multi_group, gaps_of_either_group_are_refused)
{
	struct live_iova io;
	uint8_t *page;
	char why[320];

	self->container = container_with(self, variant->iommu_type, 3);
	ASSERT_LE(0, self->container);
	ASSERT_EQ(0, live_read_iova(self->container, &io, why, sizeof(why))) TH_LOG("%s", why);
	page = live_dma_buffer(io.granule, 1);
	ASSERT_NOT_NULL(page);
	for (uint32_t i = 0; i + 1 < io.nr; i++) {
		uint64_t gap = (io.r[i].end + 1) & ~(io.granule - 1);

		EXPECT_ERRNO(EINVAL, __vfio_map_dma(self->container, (uintptr_t)page, gap,
						    io.granule, VFIO_RW))
			TH_LOG("gap at 0x%" PRIx64, gap);
	}
}

/* One mapping, made once, carries DMA from both devices. */
TEST_F(multi_group, one_mapping_serves_both_devices)
{
	struct edu edu[2];
	struct problem p;
	uint64_t granule, iova;
	uint8_t *buf;
	char why[320];

	for (int g = 0; g < 2; g++) {
		const struct dut *d = &live.duts[self->dut[g]];

		if (d->vendor != EDU_VENDOR || d->device != EDU_DEVICE)
			SKIP(return, "DMA needs edu in both groups (%s is %04x:%04x)", d->bdf,
			     d->vendor, d->device);
	}
	self->container = container_with(self, variant->iommu_type, 3);
	ASSERT_LE(0, self->container);
	ASSERT_EQ(0, live_usable_iova(self->container, 1, &granule, &iova, why, sizeof(why)))
		TH_LOG("%s", why);
	buf = live_dma_buffer(granule, 1);
	ASSERT_NOT_NULL(buf);
	for (int i = 0; i < LEN; i++)
		buf[i] = (uint8_t)(0xc3 ^ i);
	ASSERT_EQ(0, __vfio_map_dma(self->container, (uintptr_t)buf, iova, granule, VFIO_RW));
	for (int g = 0; g < 2; g++) {
		self->devices[g] = __vfio_group_get_device_fd(self->groups[g],
							      live.duts[self->dut[g]].bdf);
		ASSERT_LE(0, self->devices[g]);
		ASSERT_EQ(EDU_OK, edu_open(&edu[g], self->devices[g], &p)) TH_LOG("%s", p.text);
		ASSERT_EQ(0, vfio_pci_enable_bus_master(self->devices[g]));
	}
	/* the first device reads the page; the second writes it back */
	ASSERT_EQ(EDU_OK, edu_dma(&edu[0], iova, 0, LEN, true, &p)) TH_LOG("%s", p.text);
	ASSERT_EQ(EDU_OK, edu_dma(&edu[0], iova + 1024, 0, LEN, false, &p)) TH_LOG("%s", p.text);
	ASSERT_EQ(EDU_OK, edu_dma(&edu[1], iova + 1024, 0, LEN, true, &p)) TH_LOG("%s", p.text);
	ASSERT_EQ(EDU_OK, edu_dma(&edu[1], iova + 2048, 0, LEN, false, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(0, memcmp(buf, buf + 1024, LEN)) TH_LOG("%s's DMA did not land", live.duts[self->dut[0]].bdf);
	EXPECT_EQ(0, memcmp(buf, buf + 2048, LEN)) TH_LOG("%s's DMA did not land", live.duts[self->dut[1]].bdf);
}

LIVE_MAIN
