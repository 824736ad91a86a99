// SPDX-License-Identifier: GPL-2.0-only
#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <string.h>
#include <time.h>

#include "drivers/driver.h"
#include "drivers/virtio_rng.h"
#include "unaligned.h"

/* virtio 1.x PCI vendor capability (cfg_type) and common config layout */
#define CAP_COMMON 1
#define CAP_NOTIFY 2
#define COMMON_DFSELECT 0x00
#define COMMON_DF 0x04
#define COMMON_GFSELECT 0x08
#define COMMON_GF 0x0c
#define COMMON_STATUS 0x14
#define COMMON_Q_SELECT 0x16
#define COMMON_Q_SIZE 0x18
#define COMMON_Q_MSIX 0x1a
#define COMMON_Q_ENABLE 0x1c
#define COMMON_Q_NOFF 0x1e
#define COMMON_Q_DESC 0x20
#define COMMON_Q_AVAIL 0x28
#define COMMON_Q_USED 0x30
#define STATUS_ACK 1
#define STATUS_DRIVER 2
#define STATUS_DRIVER_OK 4
#define STATUS_FEATURES_OK 8
#define STATUS_NEEDS_RESET 0x40
#define F_VERSION_1 (1u << 0)		/* bit 32 */
#define F_ACCESS_PLATFORM (1u << 1)	/* bit 33 */
#define DESC_F_WRITE 2
#define NO_VECTOR 0xffff

/* ring layout inside the caller's mapping (split virtqueue, <= 16 entries) */
#define RING_DESC 0x000
#define RING_AVAIL 0x100
#define RING_USED 0x200
#define RING_MAX 16

static int common_rd(struct virtio_rng *v, uint32_t off, uint32_t *val, unsigned int bytes)
{
	return vfio_region_read_le(v->device, &v->common.bar, v->common.offset + off, val, bytes);
}

static int common_wr(struct virtio_rng *v, uint32_t off, uint32_t val, unsigned int bytes)
{
	return vfio_region_write_le(v->device, &v->common.bar, v->common.offset + off, val, bytes);
}

static int common_wr64(struct virtio_rng *v, uint32_t off, uint64_t val)
{
	return common_wr(v, off, (uint32_t)val, 4) ?: common_wr(v, off + 4, (uint32_t)(val >> 32), 4);
}

/* Walks config space's capability list for the virtio vendor caps. */
static int find_caps(struct virtio_rng *v, struct problem *p)
{
	struct vfio_region config;
	uint32_t pos, id, type, bar, offset;
	int found = 0;

	if (__vfio_region_info(v->device, VFIO_PCI_CONFIG_REGION_INDEX, &config) ||
	    vfio_region_read_le(v->device, &config, PCI_CAPABILITY_LIST, &pos, 1))
		return problem_set(p, VRNG_IO, "cannot read config space");
	for (int hops = 0; pos && hops < 48; hops++) {
		struct virtio_region_ref *ref = NULL;

		if (vfio_region_read_le(v->device, &config, pos, &id, 1) ||
		    vfio_region_read_le(v->device, &config, pos + 3, &type, 1) ||
		    vfio_region_read_le(v->device, &config, pos + 4, &bar, 1) ||
		    vfio_region_read_le(v->device, &config, pos + 8, &offset, 4))
			return problem_set(p, VRNG_IO, "cannot read capability at %#x", pos);
		if (id == PCI_CAP_ID_VNDR && type == CAP_COMMON)
			ref = &v->common;
		else if (id == PCI_CAP_ID_VNDR && type == CAP_NOTIFY)
			ref = &v->notify;
		if (ref) {
			if (__vfio_region_info(v->device, bar, &ref->bar))
				return problem_set(p, VRNG_IO, "no BAR %u", bar);
			ref->offset = offset;
			found |= type;
			if (type == CAP_NOTIFY &&
			    vfio_region_read_le(v->device, &config, pos + 16, &v->notify_multiplier, 4))
				return problem_set(p, VRNG_IO, "cannot read the notify multiplier");
		}
		if (vfio_region_read_le(v->device, &config, pos + 1, &pos, 1))
			return problem_set(p, VRNG_IO, "cannot follow the capability list");
	}
	if (found != (CAP_COMMON | CAP_NOTIFY))
		return problem_set(p, VRNG_NO_CAPS, "no virtio 1.x common and notify capabilities");
	return VRNG_OK;
}

int virtio_rng_reset(struct virtio_rng *v)
{
	uint32_t status = 1;

	if (common_wr(v, COMMON_STATUS, 0, 1))
		return -1;
	/* the reset is done when the device reads back 0 */
	for (int i = 0; i < 1000 && status; i++)
		if (common_rd(v, COMMON_STATUS, &status, 1))
			return -1;
	return status ? -1 : 0;
}

static int negotiate(struct virtio_rng *v, struct problem *p)
{
	uint32_t high, status;

	if (common_wr(v, COMMON_STATUS, STATUS_ACK | STATUS_DRIVER, 1) ||
	    common_wr(v, COMMON_DFSELECT, 1, 4) || common_rd(v, COMMON_DF, &high, 4))
		return problem_set(p, VRNG_IO, "cannot read the device features");
	if ((high & (F_VERSION_1 | F_ACCESS_PLATFORM)) != (F_VERSION_1 | F_ACCESS_PLATFORM))
		return problem_set(p, VRNG_FEATURES,
				   "device offers features 32-63 %#x: needs VERSION_1 and ACCESS_PLATFORM (iommu_platform=on)",
				   high);
	if (common_wr(v, COMMON_GFSELECT, 0, 4) || common_wr(v, COMMON_GF, 0, 4) ||
	    common_wr(v, COMMON_GFSELECT, 1, 4) ||
	    common_wr(v, COMMON_GF, F_VERSION_1 | F_ACCESS_PLATFORM, 4) ||
	    common_wr(v, COMMON_STATUS, STATUS_ACK | STATUS_DRIVER | STATUS_FEATURES_OK, 1) ||
	    common_rd(v, COMMON_STATUS, &status, 1))
		return problem_set(p, VRNG_IO, "cannot write the driver features");
	if (!(status & STATUS_FEATURES_OK))
		return problem_set(p, VRNG_FEATURES, "the device refused the features");
	return VRNG_OK;
}

static int setup_queue(struct virtio_rng *v, struct problem *p)
{
	uint32_t size, noff;

	if (common_wr(v, COMMON_Q_SELECT, 0, 2) || common_rd(v, COMMON_Q_SIZE, &size, 2))
		return problem_set(p, VRNG_IO, "cannot select queue 0");
	if (!size)
		return problem_set(p, VRNG_IO, "queue 0 does not exist");
	v->queue_size = size < RING_MAX ? size : RING_MAX;
	memset(v->ring, 0, VIRTIO_RNG_RING_BYTES);
	v->avail_idx = v->used_seen = 0;
	if (common_wr(v, COMMON_Q_SIZE, v->queue_size, 2) ||
	    common_wr(v, COMMON_Q_MSIX, NO_VECTOR, 2) ||
	    common_wr64(v, COMMON_Q_DESC, v->ring_iova + RING_DESC) ||
	    common_wr64(v, COMMON_Q_AVAIL, v->ring_iova + RING_AVAIL) ||
	    common_wr64(v, COMMON_Q_USED, v->ring_iova + RING_USED) ||
	    common_rd(v, COMMON_Q_NOFF, &noff, 2) ||
	    common_wr(v, COMMON_Q_ENABLE, 1, 2) ||
	    common_wr(v, COMMON_STATUS, STATUS_ACK | STATUS_DRIVER | STATUS_FEATURES_OK |
					STATUS_DRIVER_OK, 1))
		return problem_set(p, VRNG_IO, "cannot set up queue 0");
	v->notify_off = noff;
	return VRNG_OK;
}

int virtio_rng_open(struct virtio_rng *v, int device, uint8_t *ring,
		    uint64_t ring_iova, struct problem *p)
{
	memset(v, 0, sizeof(*v));
	v->device = device;
	v->ring = ring;
	v->ring_iova = ring_iova;
	problem_clear(p);
	if (find_caps(v, p))
		return p->code;
	if (virtio_rng_reset(v))
		return problem_set(p, VRNG_IO, "the device did not reset");
	if (negotiate(v, p) || setup_queue(v, p))
		return p->code;
	return VRNG_OK;
}

static void put_le(uint8_t *at, uint64_t v, unsigned int bytes)
{
	for (unsigned int i = 0; i < bytes; i++)
		at[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const volatile uint8_t *at, unsigned int bytes)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < bytes; i++)
		v |= (uint64_t)at[i] << (8 * i);
	return v;
}

int virtio_rng_read(struct virtio_rng *v, uint64_t iova, uint32_t len,
		    uint32_t *written, int timeout_ms, struct problem *p)
{
	uint16_t slot = v->avail_idx % v->queue_size;
	uint8_t *desc = v->ring + RING_DESC + 16 * slot;
	uint32_t status;
	struct timespec start, now;

	problem_clear(p);
	put_le(desc, iova, 8);
	put_le(desc + 8, len, 4);
	put_le(desc + 12, DESC_F_WRITE, 2);
	put_le(desc + 14, 0, 2);
	put_le(v->ring + RING_AVAIL + 4 + 2 * slot, slot, 2);
	__sync_synchronize();
	v->avail_idx++;
	put_le(v->ring + RING_AVAIL + 2, v->avail_idx, 2);
	__sync_synchronize();
	if (vfio_region_write_le(v->device, &v->notify.bar,
				 v->notify.offset + (uint64_t)v->notify_off * v->notify_multiplier,
				 0, 2))
		return problem_set(p, VRNG_IO, "cannot notify queue 0");
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		uint16_t used = get_le(v->ring + RING_USED + 2, 2);

		if (used != v->used_seen) {
			uint16_t at = v->used_seen % v->queue_size;

			*written = get_le(v->ring + RING_USED + 4 + 8 * at + 4, 4);
			v->used_seen++;
			return VRNG_OK;
		}
		if (!common_rd(v, COMMON_STATUS, &status, 1) && (status & STATUS_NEEDS_RESET))
			return problem_set(p, VRNG_BROKEN, "the device set NEEDS_RESET");
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 > timeout_ms)
			return problem_set(p, VRNG_TIMEOUT, "no completion in %d ms", timeout_ms);
		nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
	}
}

/* As a DMA driver: the scratch granule holds the rings; writes are random. */
static int rng_driver_open(struct dma_device *d, struct problem *p)
{
	return virtio_rng_open(&d->u.rng, d->fd, d->scratch, d->scratch_iova, p);
}

static int rng_driver_write(struct dma_device *d, uint64_t iova, uint32_t len,
			    int timeout_ms, struct problem *p)
{
	uint32_t written = 0;

	if (virtio_rng_read(&d->u.rng, iova, len, &written, timeout_ms, p))
		return p->code;
	if (written != len)
		return problem_set(p, VRNG_IO, "asked for %u random bytes, the device reports %u",
				   len, written);
	return 0;
}

/* A request that reached nothing may leave the queue stuck: start over. */
static int rng_driver_recover(struct dma_device *d, struct problem *p)
{
	return rng_driver_open(d, p);
}

static void rng_driver_close(struct dma_device *d)
{
	virtio_rng_reset(&d->u.rng);
}

const struct dma_driver virtio_rng_driver = {
	.name = "virtio-rng",
	.vendor = VIRTIO_RNG_VENDOR,
	.device = VIRTIO_RNG_DEVICE,
	.open = rng_driver_open,
	.write = rng_driver_write,
	.recover = rng_driver_recover,
	.close = rng_driver_close,
};
