// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma_functional: what the IOMMU does, not what it reports. QEMU's edu
 * device copies through its DMA engine: data mapped at an IOVA reaches the
 * device and comes back; after UNMAP it no longer lands; mapped again, it
 * does. Only edu (1234:11e8) is driven; any other device skips.
 */
#include <sys/eventfd.h>

#include "drivers/edu.h"
#include "live.h"

#define LEN 256
#define OUT 2048		/* where the device writes back, in the page */

FIXTURE(dma_functional) {
	int container, group, device;
	uint64_t granule, iova;
	uint8_t *buf;
	struct edu edu;
};

FIXTURE_VARIANT(dma_functional) {
	unsigned long iommu_type;
};
LIVE_BACKENDS(dma_functional);

FIXTURE_SETUP(dma_functional)
{
	struct problem p;
	char why[200];

	self->container = self->group = self->device = -1;
	if (live.duts[0].vendor != EDU_VENDOR || live.duts[0].device != EDU_DEVICE)
		SKIP(return, "device %04x:%04x has no driver here (edu %04x:%04x only)",
		     live.duts[0].vendor, live.duts[0].device, EDU_VENDOR, EDU_DEVICE);
	LIVE_OPEN_CONTAINER(self, variant->iommu_type);
	self->device = __vfio_group_get_device_fd(self->group, live.duts[0].bdf);
	ASSERT_LE(0, self->device) TH_LOG("VFIO_GROUP_GET_DEVICE_FD %s: %s",
					  live.duts[0].bdf, strerror(-self->device));
	ASSERT_EQ(EDU_OK, edu_open(&self->edu, self->device, &p)) TH_LOG("%s", p.text);
	ASSERT_EQ(0, vfio_pci_enable_bus_master(self->device));
	ASSERT_EQ(0, live_usable_iova(self->container, 4, &self->granule, &self->iova,
				      why, sizeof(why)))
		TH_LOG("%s", why);
	ASSERT_GT(EDU_DMA_LIMIT, self->iova + 4 * self->granule)
		TH_LOG("no usable IOVA below edu's 28-bit DMA limit");
	self->buf = live_dma_buffer(self->granule, 1);
	ASSERT_NOT_NULL(self->buf);
}

FIXTURE_TEARDOWN(dma_functional)
{
	if (_metadata->exit_code == KSFT_FAIL)
		live_dump_context(self->container);
	if (self->device >= 0)
		close(self->device);
	live_close(&self->container, &self->group);
}

static void pattern(uint8_t *b, uint8_t seed)
{
	for (int i = 0; i < LEN; i++)
		b[i] = (uint8_t)(seed + i * 7);
}

static int map(FIXTURE_DATA(dma_functional) *self)
{
	return __vfio_map_dma(self->container, (uintptr_t)self->buf, self->iova,
			      self->granule, VFIO_RW);
}

/* The device reads the mapped page into its buffer and writes it back. */
TEST_F(dma_functional, dma_lands_through_the_mapping)
{
	struct problem p;

	memset(self->buf, 0, self->granule);
	pattern(self->buf, 0x11);
	ASSERT_EQ(0, map(self));
	ASSERT_EQ(EDU_OK, edu_dma(&self->edu, self->iova, 0, LEN, true, &p)) TH_LOG("%s", p.text);
	ASSERT_EQ(EDU_OK, edu_dma(&self->edu, self->iova + OUT, 0, LEN, false, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(0, memcmp(self->buf, self->buf + OUT, LEN))
		TH_LOG("the bytes read at IOVA 0x%llx did not come back at +%d",
		       (unsigned long long)self->iova, OUT);
}

/*
 * After UNMAP the same IOVA reaches nothing: the write does not land in the
 * page that used to be there. Mapped again, it does.
 */
TEST_F(dma_functional, unmap_revokes_and_remap_restores)
{
	struct problem p;
	uint8_t expected[LEN];

	memset(self->buf, 0, self->granule);
	pattern(self->buf, 0x5a);
	memcpy(expected, self->buf, LEN);
	ASSERT_EQ(0, map(self));
	ASSERT_EQ(EDU_OK, edu_dma(&self->edu, self->iova, 0, LEN, true, &p)) TH_LOG("%s", p.text);
	ASSERT_EQ(0, __vfio_unmap_dma(self->container, self->iova, self->granule, 0, NULL));

	memset(self->buf, 0, self->granule);
	ASSERT_EQ(EDU_OK, edu_dma(&self->edu, self->iova + OUT, 0, LEN, false, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(-1, first_nonzero(self->buf, self->granule))
		TH_LOG("DMA to an unmapped IOVA wrote byte %ld of the old page",
		       first_nonzero(self->buf, self->granule));

	ASSERT_EQ(0, map(self));
	ASSERT_EQ(EDU_OK, edu_dma(&self->edu, self->iova + OUT, 0, LEN, false, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(0, memcmp(expected, self->buf + OUT, LEN)) TH_LOG("remapped, the DMA did not land");
}

/* An IOVA never mapped is never a way into memory either. */
TEST_F(dma_functional, dma_to_a_never_mapped_iova_lands_nowhere)
{
	struct problem p;
	uint64_t elsewhere = self->iova + 2 * self->granule;

	memset(self->buf, 0, self->granule);
	pattern(self->buf, 0x33);
	ASSERT_EQ(0, map(self));
	ASSERT_EQ(EDU_OK, edu_dma(&self->edu, self->iova, 0, LEN, true, &p)) TH_LOG("%s", p.text);
	memset(self->buf, 0, self->granule);
	ASSERT_EQ(EDU_OK, edu_dma(&self->edu, elsewhere, 0, LEN, false, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(-1, first_nonzero(self->buf, self->granule));
}

LIVE_MAIN
