// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd_dma: edu doing DMA through an IOAS mapping, and not after its
 * IOAS_UNMAP; its MSI arriving through the cdev-bound device (SPEC 8.6).
 */
#include "iommufd.h"

#define LEN 64
#define WAIT_MS 2000
#define FAULT_WAIT_MS 500

FIXTURE(iommufd_dma) {
	struct bound b;
	struct dma_buffer scratch, data;
	struct dma_device dev;
	bool dev_open;
	uint64_t base;
	int efd;
};

FIXTURE_SETUP(iommufd_dma)
{
	const struct dut *d = live_dut_for(&edu_driver);
	struct iova_range r[MAX_RANGES];
	uint32_t nr;

	self->b = (struct bound){ .iommufd = -1, .device = -1 };
	self->dev_open = false;
	self->efd = -1;
	if (!d)
		SKIP(return, "no edu device is bound to vfio-pci");
	bind_and_attach(&self->b, d);
	read_ranges(&self->b, r, &nr, NULL);
	ASSERT_EQ(0, iova_ranges_first_fit(r, nr, live.page, 3, &self->base));
	dma_buffer_alloc(&self->scratch, live.page, 1);
	dma_buffer_alloc(&self->data, live.page, 1);
	ASSERT_EQ(0, map_fixed(self->b.iommufd, self->b.ioas, self->scratch.p, self->base,
			       live.page, IOAS_MAP_RW));
	dma_device_open(&self->dev, &edu_driver, self->b.device, self->scratch.p, self->base);
	self->dev_open = true;
}

FIXTURE_TEARDOWN(iommufd_dma)
{
	if (_metadata->exit_code == KSFT_FAIL)
		live_dump_context(-1);
	if (self->dev_open) {
		__vfio_irq_set_eventfd(self->b.device, VFIO_PCI_MSI_IRQ_INDEX, -1);
		dma_device_close(&self->dev);
	}
	if (self->efd >= 0)
		close(self->efd);
	bound_close(&self->b);
	dma_buffer_free(&self->scratch);
	dma_buffer_free(&self->data);
}

/* edu writes through an IOAS mapping; after IOAS_UNMAP nothing lands. */
TEST_F(iommufd_dma, dma_lands_and_stops_after_unmap)
{
	uint64_t at = self->base + live.page, len = live.page;
	const uint8_t *want;
	struct problem p;

	memset(self->data.p, 0, live.page);
	ASSERT_EQ(0, map_fixed(self->b.iommufd, self->b.ioas, self->data.p, at, live.page,
			       IOAS_MAP_RW));
	ASSERT_EQ(0, edu_driver.write(&self->dev, at, LEN, WAIT_MS, &p)) TH_LOG("%s", p.text);
	want = edu_driver.written(&self->dev);
	EXPECT_EQ(0, memcmp(want, self->data.p, LEN)) TH_LOG("edu's bytes did not land at 0x%" PRIx64, at);
	EXPECT_EQ(-1, first_nonzero(self->data.p + LEN, live.page - LEN));
	ASSERT_EQ(0, __iommufd_ioas_unmap(self->b.iommufd, self->b.ioas, at, &len));
	EXPECT_EQ(live.page, len);
	memset(self->data.p, 0, live.page);
	edu_driver.write(&self->dev, at, LEN, FAULT_WAIT_MS, &p);
	EXPECT_EQ(-1, first_nonzero(self->data.p, live.page))
		TH_LOG("DMA to an unmapped IOVA wrote byte %ld of the old page",
		       first_nonzero(self->data.p, live.page));
}

/* edu's MSI reaches its eventfd through the bound device. */
TEST_F(iommufd_dma, msi_arrives)
{
	long count;

	self->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_LE(0, self->efd);
	vfio_irq_set_eventfd(self->b.device, VFIO_PCI_MSI_IRQ_INDEX, self->efd);
	ASSERT_EQ(0, edu_driver.raise_msi(&self->dev));
	count = eventfd_wait(self->efd, WAIT_MS);
	edu_driver.ack_msi(&self->dev);
	EXPECT_EQ(1, count) TH_LOG("the eventfd counted %ld", count);
}

IOMMUFD_MAIN
