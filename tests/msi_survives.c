// SPDX-License-Identifier: GPL-2.0-only
/*
 * msi_survives: the MSI window belongs to the kernel. Userspace cannot map
 * it (A37-A39) and an UNMAP over it or UNMAP_ALL removes nothing of it
 * (A42, A47): edu's MSI, delivered to an eventfd, still arrives afterwards.
 * A vector that is not enabled must stay silent. edu (1234:11e8) only.
 */
#include <inttypes.h>
#include <sys/eventfd.h>

#include "drivers/edu.h"
#include "live.h"

#define WAIT_MS 2000
#define QUIET_MS 500

FIXTURE(msi_survives) {
	int container, group, device, efd;
	struct edu edu;
	struct live_iova io;
};

FIXTURE_VARIANT(msi_survives) {
	unsigned long iommu_type;
};
LIVE_BACKENDS(msi_survives);

FIXTURE_SETUP(msi_survives)
{
	struct problem p;
	char why[320];

	self->container = self->group = self->device = self->efd = -1;
	if (live.duts[0].vendor != EDU_VENDOR || live.duts[0].device != EDU_DEVICE)
		SKIP(return, "device %04x:%04x has no driver here (edu %04x:%04x only)",
		     live.duts[0].vendor, live.duts[0].device, EDU_VENDOR, EDU_DEVICE);
	LIVE_OPEN_CONTAINER(self, variant->iommu_type);
	ASSERT_EQ(0, live_read_iova(self->container, &self->io, why, sizeof(why)))
		TH_LOG("%s", why);
	self->device = __vfio_group_get_device_fd(self->group, live.duts[0].bdf);
	ASSERT_LE(0, self->device);
	ASSERT_EQ(EDU_OK, edu_open(&self->edu, self->device, &p)) TH_LOG("%s", p.text);
	/* an MSI is a memory write by the device: it needs bus mastering */
	ASSERT_EQ(0, vfio_pci_enable_bus_master(self->device));
	self->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_LE(0, self->efd);
}

FIXTURE_TEARDOWN(msi_survives)
{
	if (_metadata->exit_code == KSFT_FAIL)
		live_dump_context(self->container);
	if (self->device >= 0) {
		__vfio_irq_set_eventfd(self->device, VFIO_PCI_MSI_IRQ_INDEX, -1);
		close(self->device);
	}
	if (self->efd >= 0)
		close(self->efd);
	live_close(&self->container, &self->group);
}

/* Raises edu's interrupt once and returns what the eventfd counted. */
static long fire(FIXTURE_DATA(msi_survives) *self, int wait_ms)
{
	long count;

	if (edu_raise_irq(&self->edu, 1))
		return -EIO;
	count = eventfd_wait(self->efd, wait_ms);
	edu_ack_irq(&self->edu, 1);
	return count;
}

/* The kernel's MSI window: the fixture's, else the group's msi region. */
static int msi_window(struct iova_range *w)
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
	if (resv_regions_read(IOMMU_GROUPS_SYSFS, live.duts[0].group, r, 64, &n, &p))
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
	ASSERT_EQ(0, __vfio_irq_set_eventfd(self->device, VFIO_PCI_MSI_IRQ_INDEX, self->efd));
	EXPECT_LE(1, fire(self, WAIT_MS)) TH_LOG("no MSI within %d ms", WAIT_MS);
}

/* With MSI disabled again, the eventfd stays at zero. */
TEST_F(msi_survives, disabled_vector_stays_silent)
{
	ASSERT_EQ(0, __vfio_irq_set_eventfd(self->device, VFIO_PCI_MSI_IRQ_INDEX, self->efd));
	ASSERT_LE(1, fire(self, WAIT_MS));
	ASSERT_EQ(0, __vfio_irq_set_eventfd(self->device, VFIO_PCI_MSI_IRQ_INDEX, -1));
	EXPECT_EQ(0, fire(self, QUIET_MS)) TH_LOG("an interrupt arrived with MSI disabled");
}

/*
 * Userspace cannot map the window and cannot unmap it: MAP is EINVAL,
 * UNMAP over it and UNMAP_ALL report 0 bytes, and the MSI still arrives.
 */
TEST_F(msi_survives, msi_window_cannot_be_mapped_or_unmapped)
{
	uint8_t *page = live_dma_buffer(self->io.granule, 1);
	struct iova_range w;
	uint64_t size = 1;

	ASSERT_NOT_NULL(page);
	ASSERT_EQ(0, msi_window(&w)) TH_LOG("no MSI window in the fixture or in reserved_regions");
	ASSERT_EQ(0, __vfio_irq_set_eventfd(self->device, VFIO_PCI_MSI_IRQ_INDEX, self->efd));
	ASSERT_LE(1, fire(self, WAIT_MS)) TH_LOG("no MSI before touching the window");

	EXPECT_ERRNO(EINVAL, __vfio_map_dma(self->container, (uintptr_t)page,
					    w.start & ~(self->io.granule - 1),
					    self->io.granule, VFIO_RW))
		TH_LOG("MSI window [0x%" PRIx64 "-0x%" PRIx64 "] mapped", w.start, w.end);
	EXPECT_EQ(0, __vfio_unmap_dma(self->container, w.start & ~(self->io.granule - 1),
				      (w.end - w.start + self->io.granule) & ~(self->io.granule - 1),
				      0, &size));
	EXPECT_EQ(0, size);
	EXPECT_LE(1, fire(self, WAIT_MS)) TH_LOG("no MSI after UNMAP over the window");

	size = 1;
	EXPECT_EQ(0, __vfio_unmap_dma(self->container, 0, 0, VFIO_DMA_UNMAP_FLAG_ALL, &size));
	EXPECT_EQ(0, size);
	EXPECT_LE(1, fire(self, WAIT_MS)) TH_LOG("no MSI after UNMAP_ALL");
}

LIVE_MAIN
