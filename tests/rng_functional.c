// SPDX-License-Identifier: GPL-2.0-only
/*
 * rng_functional: the functional proof with a virtio-rng PCI function
 * (1af4:1044, iommu_platform=on), the device QEMU's s390x has. Its rings
 * and its output go through the IOMMU: random bytes land in a mapped
 * buffer; after UNMAP nothing lands; a reset and a new mapping make it work
 * again; an IOVA never mapped gets nothing.
 */
#include "drivers/virtio_rng.h"
#include "live.h"

#define LEN 64
#define WAIT_MS 2000

FIXTURE(rng_functional) {
	int container, group, device;
	/* the ring page at base + 1 granule (QEMU takes a ring at IOVA 0 for
	 * no ring), the data page at base + 2 */
	uint64_t granule, base;
	uint8_t *ring, *data;
	struct virtio_rng rng;
};

FIXTURE_VARIANT(rng_functional) {
	unsigned long iommu_type;
};
LIVE_BACKENDS(rng_functional);

static uint64_t ring_iova(FIXTURE_DATA(rng_functional) *self)
{
	return self->base + self->granule;
}

FIXTURE_SETUP(rng_functional)
{
	const struct dut *d = NULL;
	struct problem p;
	char why[320];

	self->container = self->group = self->device = -1;
	for (size_t i = 0; i < live.count && !d; i++)
		if (live.duts[i].vendor == VIRTIO_RNG_VENDOR && live.duts[i].device == VIRTIO_RNG_DEVICE)
			d = &live.duts[i];
	if (!d)
		SKIP(return, "no virtio-rng (%04x:%04x) bound to vfio-pci", VIRTIO_RNG_VENDOR,
		     VIRTIO_RNG_DEVICE);
	self->container = __vfio_container_open();
	ASSERT_LE(0, self->container);
	self->group = __vfio_group_open(d->group);
	ASSERT_LE(0, self->group);
	vfio_group_set_container(self->group, self->container);
	vfio_set_iommu(self->container, variant->iommu_type);
	ASSERT_EQ(0, live_usable_iova(self->container, 6, &self->granule, &self->base,
				      why, sizeof(why)))
		TH_LOG("%s", why);
	self->ring = live_dma_buffer(self->granule, 1);
	self->data = live_dma_buffer(self->granule, 1);
	ASSERT_TRUE(self->ring && self->data);
	/* the function is enabled by opening it: map only afterwards, so
	 * that zPCI's translation refresh reaches it */
	self->device = __vfio_group_get_device_fd(self->group, d->bdf);
	ASSERT_LE(0, self->device) TH_LOG("VFIO_GROUP_GET_DEVICE_FD %s", d->bdf);
	ASSERT_EQ(0, vfio_pci_enable_bus_master(self->device));
	ASSERT_EQ(0, __vfio_map_dma(self->container, (uintptr_t)self->ring, ring_iova(self),
				    self->granule, VFIO_RW));
	ASSERT_EQ(VRNG_OK, virtio_rng_open(&self->rng, self->device, self->ring, ring_iova(self), &p))
		TH_LOG("%s", p.text);
}

FIXTURE_TEARDOWN(rng_functional)
{
	if (_metadata->exit_code == KSFT_FAIL)
		live_dump_context(self->container);
	if (self->device >= 0) {
		virtio_rng_reset(&self->rng);
		close(self->device);
	}
	live_close(&self->container, &self->group);
}

static uint64_t data_iova(FIXTURE_DATA(rng_functional) *self)
{
	return self->base + 2 * self->granule;
}

static int map_data(FIXTURE_DATA(rng_functional) *self)
{
	return __vfio_map_dma(self->container, (uintptr_t)self->data, data_iova(self),
			      self->granule, VFIO_RW);
}

/* Random bytes land in the mapped page, exactly as many as asked for. */
TEST_F(rng_functional, random_bytes_land_through_the_mapping)
{
	uint32_t written = 0;
	struct problem p;

	memset(self->data, 0, self->granule);
	ASSERT_EQ(0, map_data(self));
	ASSERT_EQ(VRNG_OK, virtio_rng_read(&self->rng, data_iova(self), LEN, &written, WAIT_MS, &p))
		TH_LOG("%s", p.text);
	EXPECT_EQ(LEN, written);
	EXPECT_NE(-1, first_nonzero(self->data, LEN)) TH_LOG("%d random bytes all zero: nothing landed", LEN);
	EXPECT_EQ(-1, first_nonzero(self->data + LEN, self->granule - LEN))
		TH_LOG("bytes past the %d asked for were written", LEN);
}

/*
 * A DMA fault takes a zPCI function out of service until it is recovered,
 * which a pass-through device cannot be: the fault tests would take the
 * device from every later test of the run.
 */
#define SKIP_IF_FAULTS_ISOLATE()                                               \
	do {                                                                   \
		if (live.platform_known && live.platform.dma_fault_isolates)   \
			SKIP(return, "a DMA fault isolates the function on %s (%s): no fault tests", \
			     live.platform.name, live.platform.origin);         \
	} while (0)

/*
 * After UNMAP the request reaches nothing: the page that was mapped stays
 * untouched. Reset and mapped again, it works.
 */
TEST_F(rng_functional, unmap_revokes_and_remap_restores)
{
	uint32_t written = 0;
	struct problem p;

	SKIP_IF_FAULTS_ISOLATE();
	ASSERT_EQ(0, map_data(self));
	ASSERT_EQ(VRNG_OK, virtio_rng_read(&self->rng, data_iova(self), LEN, &written, WAIT_MS, &p))
		TH_LOG("%s", p.text);
	ASSERT_EQ(0, __vfio_unmap_dma(self->container, data_iova(self), self->granule, 0, NULL));
	memset(self->data, 0, self->granule);
	/* whether the device then completes the request is its own affair
	 * (QEMU's does on some IOMMUs, not on others); the bytes must not land */
	virtio_rng_read(&self->rng, data_iova(self), LEN, &written, 500, &p);
	EXPECT_EQ(-1, first_nonzero(self->data, self->granule)) TH_LOG("bytes landed after UNMAP");

	ASSERT_EQ(0, map_data(self));
	ASSERT_EQ(VRNG_OK, virtio_rng_open(&self->rng, self->device, self->ring, ring_iova(self), &p))
		TH_LOG("%s", p.text);
	ASSERT_EQ(VRNG_OK, virtio_rng_read(&self->rng, data_iova(self), LEN, &written, WAIT_MS, &p))
		TH_LOG("%s", p.text);
	EXPECT_NE(-1, first_nonzero(self->data, LEN)) TH_LOG("remapped, nothing landed");
}

/* An IOVA never mapped reaches no memory. */
TEST_F(rng_functional, never_mapped_iova_lands_nowhere)
{
	uint32_t written = 0;
	struct problem p;

	SKIP_IF_FAULTS_ISOLATE();
	memset(self->data, 0, self->granule);
	ASSERT_EQ(0, map_data(self));
	virtio_rng_read(&self->rng, self->base + 4 * self->granule, LEN, &written, 500, &p);
	EXPECT_EQ(-1, first_nonzero(self->data, self->granule));
}

LIVE_MAIN
