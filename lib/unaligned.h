/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_UNALIGNED_H
#define VFIOC_UNALIGNED_H

#include <stdint.h>
#include <string.h>

/*
 * Capability payloads are only 4-byte aligned before Linux 6.6, so a u64
 * inside one may sit at an address a direct load would fault on (or, on
 * some ABIs, silently misread). The kernel writes native-endian values, so
 * a memcpy into a native integer is both aligned and endian-correct.
 */
static inline uint16_t load_u16(const void *buf, uint32_t off)
{
	uint16_t v;

	memcpy(&v, (const uint8_t *)buf + off, sizeof(v));
	return v;
}

static inline uint32_t load_u32(const void *buf, uint32_t off)
{
	uint32_t v;

	memcpy(&v, (const uint8_t *)buf + off, sizeof(v));
	return v;
}

static inline uint64_t load_u64(const void *buf, uint32_t off)
{
	uint64_t v;

	memcpy(&v, (const uint8_t *)buf + off, sizeof(v));
	return v;
}

static inline void store_u16(void *buf, uint32_t off, uint16_t v)
{
	memcpy((uint8_t *)buf + off, &v, sizeof(v));
}

static inline void store_u32(void *buf, uint32_t off, uint32_t v)
{
	memcpy((uint8_t *)buf + off, &v, sizeof(v));
}

static inline void store_u64(void *buf, uint32_t off, uint64_t v)
{
	memcpy((uint8_t *)buf + off, &v, sizeof(v));
}

#endif
