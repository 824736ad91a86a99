// SPDX-License-Identifier: GPL-2.0-only
/*
 * multi_group: two devices in two IOMMU groups sharing one container. Its
 * IOVA ranges are the intersection of each group's, a gap of either is
 * refused, one mapping serves DMA from both devices, and detaching a group
 * recomputes the ranges (SPEC §3). Needs two devices in two groups; DMA
 * needs a driver (lib/drivers/) for both.
 */
#include <inttypes.h>

#include "live.h"

#define LEN 128

FIXTURE(multi_group) {
	int container, groups[2], devices[2];
	size_t dut[2];		/* index into live.duts of each group's device */
};

FIXTURE_VARIANT(multi_group) {
	const struct backend *backend;
};
LIVE_BACKENDS(multi_group);

FIXTURE_SETUP(multi_group)
{
	live_name_compat_difference(_metadata, variant->backend);
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
	{
		fprintf(stderr, "# %zu device(s) under test, all in group %u\n", live.count,
			live.duts[0].group);
		SKIP(return, "needs devices in two IOMMU groups");
	}
	for (int g = 0; g < 2; g++) {
		self->groups[g] = vfio_group_open(live.duts[self->dut[g]].group);
	}
}

FIXTURE_TEARDOWN(multi_group)
{
	LIVE_DUMP_IF_FAILED(self->container);
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
static int container_with(FIXTURE_DATA(multi_group) *self, const struct backend *b,
			  unsigned int mask)
{
	int c = __backend_open(b);
	int set = 0;

	for (int g = 0; c >= 0 && g < 2; g++) {
		if (!(mask & (1u << g)))
			continue;
		if (__vfio_group_set_container(self->groups[g], c) ||
		    (!set++ && __vfio_set_iommu(c, b->iommu_type))) {
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
	struct iova_space one[2], both, after;
	struct iova_range want[128];
	size_t nwant;

	for (int g = 0; g < 2; g++) {
		int c = container_with(self, variant->backend, 1u << g);

		ASSERT_LE(0, c);
		live_iova_space_read(c, &one[g]);
		__vfio_group_unset_container(self->groups[g]);
		close(c);
	}
	self->container = container_with(self, variant->backend, 3);
	ASSERT_LE(0, self->container);
	live_iova_space_read(self->container, &both);
	nwant = iova_ranges_intersect(one[0].r, one[0].nr, one[1].r, one[1].nr, want, 128);
	EXPECT_TRUE(same_ranges(want, nwant, both.r, both.nr))
		TH_LOG("%u shared ranges, %zu in the intersection", both.nr, nwant);

	vfio_group_unset_container(self->groups[0]);
	live_iova_space_read(self->container, &after);
	EXPECT_TRUE(same_ranges(one[1].r, one[1].nr, after.r, after.nr))
		TH_LOG("after the first group left: %u ranges, the second alone had %u",
		       after.nr, one[1].nr);
}

/* Every gap of the shared ranges is refused to MAP. */
TEST_F(multi_group, gaps_of_either_group_are_refused)
{
	struct iova_space io;
	struct dma_buffer page;

	self->container = container_with(self, variant->backend, 3);
	ASSERT_LE(0, self->container);
	live_iova_space_read(self->container, &io);
	dma_buffer_alloc(&page, io.granule, 1);
	for (uint32_t i = 0; i + 1 < io.nr; i++) {
		uint64_t gap = (io.r[i].end + 1) & ~(io.granule - 1);

		EXPECT_ERRNO(EINVAL, __vfio_map_dma(self->container, (uintptr_t)page.p, gap,
						    io.granule, VFIO_RW))
			TH_LOG("gap at 0x%" PRIx64, gap);
	}
	dma_buffer_free(&page);
}

/*
 * One mapping, made once, carries DMA from both devices: each writes its
 * bytes into its half of the same mapped page (each with a scratch granule
 * of its own for its driver).
 */
TEST_F(multi_group, one_mapping_serves_both_devices)
{
	struct dma_device dev[2] = { 0 };
	struct dma_buffer data, scratch[2];
	struct iova_space io;
	struct problem p;
	uint64_t base;

	for (int g = 0; g < 2; g++) {
		const struct dut *d = &live.duts[self->dut[g]];

		if (!dma_driver_for(d->vendor, d->device)) {
			fprintf(stderr, "# no driver for %s [%04x:%04x]\n", d->bdf, d->vendor, d->device);
			SKIP(return, "DMA needs a driver for the device of both groups");
		}
	}
	self->container = container_with(self, variant->backend, 3);
	ASSERT_LE(0, self->container);
	live_iova_space_read(self->container, &io);
	/* data at base, the scratch granules at base + 2 and base + 3 */
	base = iova_space_first_fit(&io, 4);
	dma_buffer_alloc(&data, io.granule, 1);
	memset(data.p, 0, io.granule);
	vfio_map_dma(self->container, (uintptr_t)data.p, base, io.granule);
	for (int g = 0; g < 2; g++) {
		const struct dut *d = &live.duts[self->dut[g]];
		uint64_t scratch_iova = base + (2 + g) * io.granule;

		dma_buffer_alloc(&scratch[g], io.granule, 1);
		vfio_map_dma(self->container, (uintptr_t)scratch[g].p, scratch_iova, io.granule);
		self->devices[g] = vfio_group_get_device_fd(self->groups[g], d->bdf);
		fprintf(stderr, "# %s in group %u\n", d->bdf, d->group);
		dma_device_open(&dev[g], dma_driver_for(d->vendor, d->device), self->devices[g],
				scratch[g].p, scratch_iova);
	}
	for (int g = 0; g < 2; g++) {
		const uint8_t *want = dev[g].driver->written ? dev[g].driver->written(&dev[g]) : NULL;
		const uint8_t *half = data.p + g * (io.granule / 2);

		ASSERT_EQ(0, dev[g].driver->write(&dev[g], base + g * (io.granule / 2), LEN, 2000, &p))
			TH_LOG("%s: %s", live.duts[self->dut[g]].bdf, p.text);
		if (want) {
			EXPECT_EQ(0, memcmp(want, half, LEN))
				TH_LOG("%s's DMA did not land", live.duts[self->dut[g]].bdf);
		} else {
			EXPECT_NE(-1, first_nonzero(half, LEN))
				TH_LOG("%s's DMA did not land", live.duts[self->dut[g]].bdf);
		}
	}
	for (int g = 0; g < 2; g++) {
		dma_device_close(&dev[g]);
		dma_buffer_free(&scratch[g]);
	}
	dma_buffer_free(&data);
}

/*
 * A67: while a mapping's vaddr is invalidated (UNMAP|VADDR), a second group
 * cannot join the container -- its replay would pin through the stale
 * vaddr -- so GROUP_SET_CONTAINER is EBUSY (ef3a3f6a294b); once the vaddr
 * is updated (MAP|VADDR) the group joins.
 */
TEST_F(multi_group, no_group_joins_while_a_vaddr_is_invalid)
{
	struct dma_buffer page;
	struct iova_space io;
	uint64_t base, size = 0;
	int vaddr, refused;

	self->container = container_with(self, variant->backend, 1);
	ASSERT_LE(0, self->container);
	vaddr = live_kernel_has(self->container, "unmap_all_and_vaddr");
	refused = live_kernel_has(self->container, "vaddr_excludes_mdev");
	ASSERT_LE(0, vaddr);
	ASSERT_LE(0, refused);
	if (!vaddr)
		SKIP(return, "no UPDATE_VADDR: kernel below 5.12 (c19650995374)");
	if (!refused)
		SKIP(return, "an attach during invalidation is not refused before ef3a3f6a294b (6.3): its outcome is undefined, not tried");
	live_iova_space_read(self->container, &io);
	base = iova_space_first_fit(&io, 1);
	dma_buffer_alloc(&page, io.granule, 1);
	vfio_map_dma(self->container, (uintptr_t)page.p, base, io.granule);
	EXPECT_EQ(0, __vfio_unmap_dma(self->container, base, io.granule,
				      VFIO_DMA_UNMAP_FLAG_VADDR, &size));
	EXPECT_EQ(io.granule, size) TH_LOG("UNMAP|VADDR reports the invalidated mapping's size");
	EXPECT_ERRNO(EBUSY, __vfio_group_set_container(self->groups[1], self->container));
	EXPECT_EQ(0, __vfio_map_dma(self->container, (uintptr_t)page.p, base, io.granule,
				    VFIO_DMA_MAP_FLAG_VADDR));
	EXPECT_EQ(0, __vfio_group_set_container(self->groups[1], self->container))
		TH_LOG("the group cannot join once the vaddr is valid again");
	dma_buffer_free(&page);
}

LIVE_MAIN
