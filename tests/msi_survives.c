// SPDX-License-Identifier: GPL-2.0-only
/*
 * msi_survives: the MSI window belongs to the kernel. Userspace cannot map
 * it (A37-A39) and an UNMAP over it or UNMAP_ALL removes nothing of it
 * (A42, A47): edu's MSI, delivered to an eventfd, still arrives afterwards.
 * A vector that is not enabled must stay silent. Any bound device whose
 * driver (lib/drivers/) can raise an MSI: edu.
 */
#include <inttypes.h>
#include <sys/eventfd.h>

#include "live.h"

#define WAIT_MS 2000
#define QUIET_MS 500

FIXTURE(msi_survives) {
	int container, group, device, efd;
	const struct dut *dut;
	struct dma_buffer scratch;
	struct dma_device dev;
	struct iova_space io;
};

FIXTURE_VARIANT(msi_survives) {
	const struct backend *backend;
};
LIVE_BACKENDS(msi_survives);

/* The first device under test whose driver can raise an MSI. */
static const struct dut *msi_capable_dut(void)
{
	for (size_t i = 0; i < live.count; i++) {
		const struct dma_driver *drv = dma_driver_for(live.duts[i].vendor,
							      live.duts[i].device);

		if (drv && drv->raise_msi)
			return &live.duts[i];
	}
	return NULL;
}

FIXTURE_SETUP(msi_survives)
{
	uint64_t scratch_iova;

	self->container = self->group = self->device = self->efd = -1;
	self->dut = msi_capable_dut();
	if (!self->dut)
		SKIP(return, "no bound device has a driver that raises an MSI");
	self->container = live_container_open(variant->backend);
	self->group = vfio_group_open(self->dut->group);
	vfio_group_set_container(self->group, self->container);
	vfio_set_iommu(self->container, variant->backend->iommu_type);
	live_iova_space_read(self->container, &self->io);
	scratch_iova = iova_space_first_fit(&self->io, 2) + self->io.granule;
	dma_buffer_alloc(&self->scratch, self->io.granule, 1);
	vfio_map_dma(self->container, (uintptr_t)self->scratch.p, scratch_iova, self->io.granule);
	self->device = vfio_group_get_device_fd(self->group, self->dut->bdf);
	dma_device_open(&self->dev, dma_driver_for(self->dut->vendor, self->dut->device),
			self->device, self->scratch.p, scratch_iova);
	/* an MSI needs no memory of the driver's: the container holds no
	 * mapping of userspace's when the tests touch the MSI window */
	vfio_unmap_dma(self->container, scratch_iova, self->io.granule);
	self->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_LE(0, self->efd);
}

FIXTURE_TEARDOWN(msi_survives)
{
	LIVE_DUMP_IF_FAILED(self->container);
	if (self->device >= 0) {
		__vfio_irq_set_eventfd(self->device, VFIO_PCI_MSI_IRQ_INDEX, -1);
		dma_device_close(&self->dev);
		close(self->device);
	}
	if (self->efd >= 0)
		close(self->efd);
	live_close(&self->container, &self->group);
	dma_buffer_free(&self->scratch);
}

/* Raises the device's MSI once and returns what the eventfd counted. */
static long fire(FIXTURE_DATA(msi_survives) *self, int wait_ms)
{
	long count;

	if (self->dev.driver->raise_msi(&self->dev))
		return -EIO;
	count = eventfd_wait(self->efd, wait_ms);
	self->dev.driver->ack_msi(&self->dev);
	return count;
}

/* The kernel's MSI window: the fixture's, else the group's msi region. */
static int msi_window(unsigned int group, struct iova_range *w)
{
	struct resv_region r[64];
	size_t n;
	struct problem p;

	for (size_t i = 0; live.platform_known && i < live.platform.window_count; i++) {
		if (!strcmp(live.platform.windows[i].type, "msi")) {
			*w = live.platform.windows[i].range;
			return 0;
		}
	}
	if (resv_regions_read(IOMMU_GROUPS_SYSFS, group, r, 64, &n, &p))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (r[i].type == RESV_MSI) {
			*w = r[i].range;
			return 0;
		}
	}
	return -1;
}

/* The MSI arrives through the eventfd. */
TEST_F(msi_survives, msi_reaches_the_eventfd)
{
	vfio_irq_set_eventfd(self->device, VFIO_PCI_MSI_IRQ_INDEX, self->efd);
	EXPECT_LE(1, fire(self, WAIT_MS)) TH_LOG("no MSI within %d ms", WAIT_MS);
}

/*
 * Raises the interrupt with MSI disabled; what the MSI eventfd counted.
 * A device whose MSI is off signals INTx instead (edu does): once that has
 * arrived, on an eventfd of its own, this raise sent no MSI, and no quiet
 * period needs waiting out. Without INTx (none routed, or it never came),
 * the MSI eventfd gets the quiet period.
 */
static long fire_with_msi_disabled(FIXTURE_DATA(msi_survives) *self)
{
	int intx = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	long intx_count = 0, msi_count;

	if (intx >= 0 && __vfio_irq_set_eventfd(self->device, VFIO_PCI_INTX_IRQ_INDEX, intx)) {
		close(intx);
		intx = -1;
	}
	if (self->dev.driver->raise_msi(&self->dev)) {
		msi_count = -EIO;
	} else {
		if (intx >= 0)
			intx_count = eventfd_wait(intx, WAIT_MS);
		msi_count = eventfd_wait(self->efd, intx_count > 0 ? 0 : QUIET_MS);
		self->dev.driver->ack_msi(&self->dev);
	}
	if (intx >= 0) {
		__vfio_irq_set_eventfd(self->device, VFIO_PCI_INTX_IRQ_INDEX, -1);
		close(intx);
	}
	return msi_count;
}

/* With MSI disabled again, the eventfd stays at zero. */
TEST_F(msi_survives, disabled_vector_stays_silent)
{
	vfio_irq_set_eventfd(self->device, VFIO_PCI_MSI_IRQ_INDEX, self->efd);
	ASSERT_LE(1, fire(self, WAIT_MS));
	vfio_irq_set_eventfd(self->device, VFIO_PCI_MSI_IRQ_INDEX, -1);
	EXPECT_EQ(0, fire_with_msi_disabled(self)) TH_LOG("an interrupt arrived with MSI disabled");
}

/*
 * Userspace cannot map the window and cannot unmap it: MAP is EINVAL,
 * UNMAP over it and UNMAP_ALL (or, before 5.12, UNMAP of the whole space)
 * report 0 bytes, and the MSI still arrives (A42, A83).
 */
TEST_F(msi_survives, msi_window_cannot_be_mapped_or_unmapped)
{
	struct dma_buffer page;
	struct iova_range w;
	uint64_t size = 1;
	int unmap_all = live_kernel_has(self->container, "unmap_all_and_vaddr");

	ASSERT_LE(0, unmap_all);
	dma_buffer_alloc(&page, self->io.granule, 1);
	ASSERT_EQ(0, msi_window(self->dut->group, &w)) TH_LOG("no MSI window in the fixture or in reserved_regions");
	vfio_irq_set_eventfd(self->device, VFIO_PCI_MSI_IRQ_INDEX, self->efd);
	ASSERT_LE(1, fire(self, WAIT_MS)) TH_LOG("no MSI before touching the window");

	EXPECT_ERRNO(EINVAL, __vfio_map_dma(self->container, (uintptr_t)page.p,
					    w.start & ~(self->io.granule - 1),
					    self->io.granule, VFIO_RW))
		TH_LOG("MSI window [0x%" PRIx64 "-0x%" PRIx64 "] mapped", w.start, w.end);
	EXPECT_EQ(0, __vfio_unmap_dma(self->container, w.start & ~(self->io.granule - 1),
				      (w.end - w.start + self->io.granule) & ~(self->io.granule - 1),
				      0, &size));
	EXPECT_EQ(0, size);
	EXPECT_LE(1, fire(self, WAIT_MS)) TH_LOG("no MSI after UNMAP over the window");

	size = 1;
	if (unmap_all) {
		EXPECT_EQ(0, __vfio_unmap_dma(self->container, 0, 0, VFIO_DMA_UNMAP_FLAG_ALL, &size));
		EXPECT_EQ(0, size);
	} else {
		/* A83: before 5.12, the whole space in two halves instead */
		uint64_t rest = 1;

		EXPECT_EQ(0, __vfio_unmap_dma(self->container, 0, 1ull << 63, 0, &size));
		EXPECT_EQ(0, __vfio_unmap_dma(self->container, 1ull << 63,
					      (1ull << 63) - self->io.granule, 0, &rest));
		EXPECT_EQ(0, size + rest);
	}
	EXPECT_LE(1, fire(self, WAIT_MS)) TH_LOG("no MSI after unmapping everything");
	dma_buffer_free(&page);
}

LIVE_MAIN
