// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma_functional: what the IOMMU does, not what it reports. Every bound
 * device that has a driver (lib/drivers/: edu, virtio-rng) writes into
 * memory through a mapping: the bytes land; after UNMAP they no longer
 * do; mapped again, they do; an IOVA never mapped reaches no memory.
 * One variant per backend and driver; a driver with no device bound skips.
 */
#include "drivers/driver.h"
#include "live.h"

#define LEN 64
#define WAIT_MS 2000
#define FAULT_WAIT_MS 500	/* a write that reaches nothing may not complete */

/*
 * IOVA layout from base: the driver's scratch at +1 granule (QEMU takes a
 * virtio ring at IOVA 0 for no ring), the data page at +2, never mapped +4.
 */
#define SCRATCH 1
#define DATA 2
#define NEVER_MAPPED 4
#define GRANULES 6

FIXTURE(dma_functional) {
	int container, group, device;
	uint64_t granule, base;
	struct dma_buffer scratch, data;
	struct dma_device dev;
};

FIXTURE_VARIANT(dma_functional) {
	const struct backend *backend;
	const struct dma_driver *driver;
};
LIVE_BACKENDS_X_DRIVERS(dma_functional);

static uint64_t at(FIXTURE_DATA(dma_functional) *self, unsigned int granule)
{
	return self->base + granule * self->granule;
}

FIXTURE_SETUP(dma_functional)
{
	const struct dut *d = live_dut_for(variant->driver);
	struct iova_space io;

	self->container = self->group = self->device = -1;
	if (!d)
		SKIP(return, "no %s device is bound to vfio-pci", variant->driver->name);
	self->container = live_container_open(variant->backend);
	self->group = vfio_group_open(d->group);
	vfio_group_set_container(self->group, self->container);
	vfio_set_iommu(self->container, variant->backend->iommu_type);
	live_iova_space_read(self->container, &io);
	self->granule = io.granule;
	self->base = iova_space_first_fit(&io, GRANULES);
	if (variant->driver->dma_limit) {
		ASSERT_GE(variant->driver->dma_limit, at(self, GRANULES))
			TH_LOG("no usable IOVA below %s's DMA limit 0x%llx", variant->driver->name,
			       (unsigned long long)variant->driver->dma_limit);
	}
	dma_buffer_alloc(&self->scratch, self->granule, 1);
	dma_buffer_alloc(&self->data, self->granule, 1);
	/* the function is enabled by opening it: map only afterwards, so
	 * that zPCI's translation refresh reaches it */
	self->device = vfio_group_get_device_fd(self->group, d->bdf);
	vfio_map_dma(self->container, (uintptr_t)self->scratch.p, at(self, SCRATCH), self->granule);
	fprintf(stderr, "# %s: %s driver\n", d->bdf, variant->driver->name);
	dma_device_open(&self->dev, variant->driver, self->device, self->scratch.p,
			at(self, SCRATCH));
}

FIXTURE_TEARDOWN(dma_functional)
{
	LIVE_DUMP_IF_FAILED(self->container);
	if (self->device >= 0) {
		dma_device_close(&self->dev);
		close(self->device);
	}
	live_close(&self->container, &self->group);
	dma_buffer_free(&self->scratch);
	dma_buffer_free(&self->data);
}

static void map_data(struct __test_metadata *_metadata, FIXTURE_DATA(dma_functional) *self)
{
	vfio_map_dma(self->container, (uintptr_t)self->data.p, at(self, DATA), self->granule);
}

/* The LEN bytes the device wrote are there, and nothing past them. */
static void expect_landed(struct __test_metadata *_metadata,
			  FIXTURE_DATA(dma_functional) *self, const char *when)
{
	const uint8_t *want = self->dev.driver->written ? self->dev.driver->written(&self->dev) : NULL;

	if (want) {
		EXPECT_EQ(0, memcmp(want, self->data.p, LEN))
			TH_LOG("%s: the bytes %s wrote at IOVA 0x%llx did not land", when,
			       self->dev.driver->name, (unsigned long long)at(self, DATA));
	} else {
		EXPECT_NE(-1, first_nonzero(self->data.p, LEN))
			TH_LOG("%s: %d bytes all zero: nothing landed", when, LEN);
	}
	EXPECT_EQ(-1, first_nonzero(self->data.p + LEN, self->granule - LEN))
		TH_LOG("%s: bytes past the %d asked for were written", when, LEN);
}

/*
 * A DMA fault takes a zPCI function out of service until it is recovered,
 * which a pass-through device cannot be: the fault tests would take the
 * device from every later test of the run.
 */
#define SKIP_IF_FAULTS_ISOLATE()                                               \
	do {                                                                   \
		if (live.platform_known && live.platform.dma_fault_isolates) { \
			fprintf(stderr, "# dma_fault = isolates: %s (%s)\n",   \
				live.platform.name, live.platform.origin);      \
			SKIP(return, "a DMA fault isolates the function on this platform"); \
		}                                                              \
	} while (0)

/* The device writes through the mapping: exactly the bytes asked for land. */
TEST_F(dma_functional, dma_lands_through_the_mapping)
{
	struct problem p;

	memset(self->data.p, 0, self->granule);
	map_data(_metadata, self);
	ASSERT_EQ(0, self->dev.driver->write(&self->dev, at(self, DATA), LEN, WAIT_MS, &p))
		TH_LOG("%s", p.text);
	expect_landed(_metadata, self, "mapped");
}

/*
 * After UNMAP the same IOVA reaches nothing: the page that was mapped
 * there stays untouched. Mapped again, the write lands.
 */
TEST_F(dma_functional, unmap_revokes_and_remap_restores)
{
	struct problem p;

	SKIP_IF_FAULTS_ISOLATE();
	map_data(_metadata, self);
	ASSERT_EQ(0, self->dev.driver->write(&self->dev, at(self, DATA), LEN, WAIT_MS, &p))
		TH_LOG("%s", p.text);
	vfio_unmap_dma(self->container, at(self, DATA), self->granule);
	memset(self->data.p, 0, self->granule);
	/* whether the device then completes is its own affair (QEMU's
	 * virtio-rng does on some IOMMUs, not on others); the bytes must not land */
	self->dev.driver->write(&self->dev, at(self, DATA), LEN, FAULT_WAIT_MS, &p);
	EXPECT_EQ(-1, first_nonzero(self->data.p, self->granule))
		TH_LOG("DMA to an unmapped IOVA wrote byte %ld of the old page",
		       first_nonzero(self->data.p, self->granule));

	map_data(_metadata, self);
	if (self->dev.driver->recover) {
		ASSERT_EQ(0, self->dev.driver->recover(&self->dev, &p)) TH_LOG("%s", p.text);
	}
	ASSERT_EQ(0, self->dev.driver->write(&self->dev, at(self, DATA), LEN, WAIT_MS, &p))
		TH_LOG("%s", p.text);
	expect_landed(_metadata, self, "remapped");
}

/* An IOVA never mapped is never a way into memory either. */
TEST_F(dma_functional, dma_to_a_never_mapped_iova_lands_nowhere)
{
	struct problem p;

	SKIP_IF_FAULTS_ISOLATE();
	memset(self->data.p, 0, self->granule);
	map_data(_metadata, self);
	self->dev.driver->write(&self->dev, at(self, NEVER_MAPPED), LEN, FAULT_WAIT_MS, &p);
	EXPECT_EQ(-1, first_nonzero(self->data.p, self->granule));
}

LIVE_MAIN
