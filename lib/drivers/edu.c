// SPDX-License-Identifier: GPL-2.0-only
#include <time.h>

#include "drivers/driver.h"
#include "drivers/edu.h"

/* BAR0 registers (QEMU docs/specs/edu.rst) */
#define EDU_IDENT 0x00		/* 0xRRrr00edu: major, minor, 0xed */
#define EDU_IRQ_RAISE 0x60
#define EDU_IRQ_ACK 0x64
#define EDU_DMA_SRC 0x80
#define EDU_DMA_DST 0x88
#define EDU_DMA_COUNT 0x90
#define EDU_DMA_CMD 0x98
#define EDU_CMD_START 0x1
#define EDU_CMD_TO_RAM 0x2	/* direction: device buffer -> RAM */

static int rd32(struct edu *e, uint32_t off, uint32_t *v)
{
	return vfio_region_read_le(e->device, &e->bar0, off, v, 4);
}

static int wr32(struct edu *e, uint32_t off, uint32_t v)
{
	return vfio_region_write_le(e->device, &e->bar0, off, v, 4);
}

/*
 * edu takes a 4-byte write to one of its 64-bit registers as the whole
 * value, zero-extended; every address used here is below EDU_DMA_LIMIT.
 */
static int wr64(struct edu *e, uint32_t off, uint64_t v)
{
	return wr32(e, off, (uint32_t)v);
}

int edu_open(struct edu *e, int device, struct problem *p)
{
	uint32_t ident;

	problem_clear(p);
	e->device = device;
	e->seeded = false;
	if (__vfio_region_info(device, 0, &e->bar0) || e->bar0.size < EDU_BUFFER + EDU_BUFFER_SIZE)
		return problem_set(p, EDU_NO_BAR, "BAR0 missing or smaller than %#x", EDU_BUFFER + EDU_BUFFER_SIZE);
	if (rd32(e, EDU_IDENT, &ident))
		return problem_set(p, EDU_IO, "cannot read BAR0");
	if ((ident & 0xff) != 0xed)
		return problem_set(p, EDU_NOT_EDU, "BAR0 ident %#x is not edu's", ident);
	return EDU_OK;
}

int edu_dma(struct edu *e, uint64_t iova, uint32_t buf_off, uint32_t len,
	    bool to_device, struct problem *p)
{
	struct timespec start, now;
	uint32_t cmd;

	problem_clear(p);
	if (iova + len > EDU_DMA_LIMIT || buf_off + len > EDU_BUFFER_SIZE)
		return problem_set(p, EDU_RANGE, "iova %#llx+%u beyond edu's reach",
				   (unsigned long long)iova, len);
	if (wr64(e, EDU_DMA_SRC, to_device ? iova : EDU_BUFFER + buf_off) ||
	    wr64(e, EDU_DMA_DST, to_device ? EDU_BUFFER + buf_off : iova) ||
	    wr64(e, EDU_DMA_COUNT, len) ||
	    wr32(e, EDU_DMA_CMD, EDU_CMD_START | (to_device ? 0 : EDU_CMD_TO_RAM)))
		return problem_set(p, EDU_IO, "cannot program the DMA engine");
	/* the engine runs on a QEMU timer: poll until START clears */
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		if (rd32(e, EDU_DMA_CMD, &cmd))
			return problem_set(p, EDU_IO, "cannot read the DMA command register");
		if (!(cmd & EDU_CMD_START))
			return EDU_OK;
		nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec < 5);
	return problem_set(p, EDU_TIMEOUT, "DMA did not finish in 5 s");
}

int edu_raise_irq(struct edu *e, uint32_t value)
{
	return wr32(e, EDU_IRQ_RAISE, value);
}

int edu_ack_irq(struct edu *e, uint32_t value)
{
	return wr32(e, EDU_IRQ_ACK, value);
}

/*
 * As a DMA driver: edu writes from its own buffer, so the first write fills
 * the buffer -- a known pattern put in the scratch granule and read by the
 * device through the IOMMU -- and every write lands that pattern. Not at
 * open: each DMA of edu's takes 100 ms of QEMU's clock, and a test that
 * only raises interrupts (with the scratch granule unmapped) needs none.
 */
#define EDU_SEED_LEN 1024

static void edu_seed_pattern(uint8_t *b)
{
	for (int i = 0; i < EDU_SEED_LEN; i++)
		b[i] = (uint8_t)(0x5a + i * 7);
}

static int edu_driver_open(struct dma_device *d, struct problem *p)
{
	return edu_open(&d->u.edu, d->fd, p) ? p->code : 0;
}

static int edu_driver_write(struct dma_device *d, uint64_t iova, uint32_t len,
			    int timeout_ms, struct problem *p)
{
	(void)timeout_ms;	/* edu's engine completes, or edu_dma says so */
	if (len > EDU_SEED_LEN)
		return problem_set(p, EDU_RANGE, "edu writes at most %d bytes here", EDU_SEED_LEN);
	if (!d->u.edu.seeded) {
		edu_seed_pattern(d->scratch);
		if (edu_dma(&d->u.edu, d->scratch_iova, 0, EDU_SEED_LEN, true, p))
			return p->code;
		d->u.edu.seeded = true;
	}
	return edu_dma(&d->u.edu, iova, 0, len, false, p);
}

static const uint8_t *edu_driver_written(const struct dma_device *d)
{
	static uint8_t pattern[EDU_SEED_LEN];

	(void)d;
	edu_seed_pattern(pattern);
	return pattern;
}

static int edu_driver_raise_msi(struct dma_device *d)
{
	return edu_raise_irq(&d->u.edu, 1);
}

static int edu_driver_ack_msi(struct dma_device *d)
{
	return edu_ack_irq(&d->u.edu, 1);
}

const struct dma_driver edu_driver = {
	.name = "edu",
	.vendor = EDU_VENDOR,
	.device = EDU_DEVICE,
	.dma_limit = EDU_DMA_LIMIT,
	.open = edu_driver_open,
	.write = edu_driver_write,
	.written = edu_driver_written,
	.raise_msi = edu_driver_raise_msi,
	.ack_msi = edu_driver_ack_msi,
};
