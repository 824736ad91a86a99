// SPDX-License-Identifier: GPL-2.0-only
/*
 * zpci: what s390x adds (SPEC §1, §3; A56, A57). VFIO_DEVICE_GET_INFO of a
 * zPCI function carries the zPCI caps -- BASE, GROUP, [UTIL], PFIP -- by
 * the same argsz protocol as the IOMMU info; and the one usable IOVA range
 * is the function's DMA aperture [start_dma, end_dma] from BASE.
 */
#include <inttypes.h>
#include <linux/vfio_zdev.h>

#include "cap_readers.h"
#include "live.h"

FIXTURE(zpci) {
	int container, group, device;
	uint32_t header;	/* where the chain starts: 20, or 24 once aligned */
	struct info_chain ic;
};

FIXTURE_VARIANT(zpci) {
	const struct backend *backend;
};
LIVE_BACKENDS(zpci);

FIXTURE_SETUP(zpci)
{
	int aligned;

	self->container = self->group = self->device = -1;
	memset(&self->ic, 0, sizeof(self->ic));
	if (strcmp(live.uts.machine, "s390x"))
		SKIP(return, "zPCI exists on s390x only");
	LIVE_OPEN_CONTAINER(self, variant->backend);
	self->device = vfio_group_get_device_fd(self->group, live.duts[0].bdf);
	aligned = live_kernel_has(self->container, "caps_8_byte_aligned");
	ASSERT_LE(0, aligned);
	/* a881b496941f also gave vfio_device_info its pad: 20 -> 24 bytes */
	self->header = aligned ? kabi_sizeof(vfio_device_info) : kabi_sizeof_before(vfio_device_info);
	device_info_read(self->device, self->header, &self->ic);
}

FIXTURE_TEARDOWN(zpci)
{
	if (_metadata->exit_code == KSFT_FAIL && self->ic.raw.buf)
		cap_chain_dump(stderr, self->ic.raw.buf, &self->ic.chain);
	LIVE_DUMP_IF_FAILED(self->container);
	info_chain_free(&self->ic);
	if (self->device >= 0)
		close(self->device);
	live_close(&self->container, &self->group);
}

/*
 * A57: CAPS set, the chain right after the header, BASE v2, GROUP v2,
 * UTIL v1 when there is one, PFIP v1, in that order; GROUP says REFRESH
 * and a 128-byte maximum store block.
 */
TEST_F(zpci, device_info_carries_the_zpci_caps)
{
	static const uint16_t order[] = { KABI_CAP_ZPCI_BASE, KABI_CAP_ZPCI_GROUP, KABI_CAP_ZPCI_UTIL, KABI_CAP_ZPCI_PFIP };
	const struct cap_entry *e;
	struct zpci_group_cap g;
	struct zpci_blob_cap blob;
	struct problem p;
	unsigned int next = 0;

	EXPECT_TRUE(vfio_info_flags(&self->ic.raw) & VFIO_DEVICE_FLAGS_CAPS);
	EXPECT_EQ(self->header, vfio_device_info_cap_offset(&self->ic.raw));
	ASSERT_EQ(CHAIN_OK, self->ic.chain.problem.code) TH_LOG("%s", self->ic.chain.problem.text);
	for (unsigned int i = 0; i < self->ic.chain.count; i++) {
		e = &self->ic.chain.caps[i];
		while (next < 4 && order[next] != e->id)
			next++;
		EXPECT_GT(4, next) TH_LOG("cap %u: id %u out of order or unknown", i, e->id);
		EXPECT_EQ(e->id <= KABI_CAP_ZPCI_GROUP ? 2 : 1, e->version) TH_LOG("cap %u id %u", i, e->id);
	}
	ASSERT_NOT_NULL(cap_chain_find(&self->ic.chain, KABI_CAP_ZPCI_BASE));
	e = cap_chain_find(&self->ic.chain, KABI_CAP_ZPCI_GROUP);
	ASSERT_NOT_NULL(e);
	ASSERT_EQ(0, cap_read_zpci_group(self->ic.raw.buf, e, &g, &p)) TH_LOG("%s", p.text);
	EXPECT_TRUE(g.flags & VFIO_DEVICE_INFO_ZPCI_FLAG_REFRESH);
	EXPECT_EQ(128, g.maxstbl);
	e = cap_chain_find(&self->ic.chain, KABI_CAP_ZPCI_PFIP);
	ASSERT_NOT_NULL(e);
	ASSERT_EQ(0, cap_read_zpci_pfip(self->ic.raw.buf, e, &blob, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(4, blob.size);
	e = cap_chain_find(&self->ic.chain, KABI_CAP_ZPCI_UTIL);
	if (e) {
		ASSERT_EQ(0, cap_read_zpci_util(self->ic.raw.buf, e, &blob, &p)) TH_LOG("%s", p.text);
		EXPECT_EQ(64, blob.size);
	}
}

/*
 * A57: the device info grows by the argsz protocol too: too small, argsz
 * is raised to the size needed, cap_offset 0 and nothing past the header;
 * exactly enough, the chain at the header's end.
 */
TEST_F(zpci, device_info_argsz_protocol)
{
	uint32_t need = self->ic.raw.len;
	uint8_t *buf = malloc(need + 64);

	ASSERT_NOT_NULL(buf);
	for (uint32_t argsz = self->header; argsz <= need; argsz += need - self->header) {
		long changed;

		memset(buf, SENTINEL, need + 64);
		store_u32(buf, kabi_off(vfio_device_info, argsz), argsz);
		vfio_device_get_info(self->device, buf);
		EXPECT_EQ(need, load_u32(buf, kabi_off(vfio_device_info, argsz))) TH_LOG("argsz %u", argsz);
		EXPECT_EQ(argsz == need ? self->header : 0, load_u32(buf, kabi_off(vfio_device_info, cap_offset)))
			TH_LOG("argsz %u", argsz);
		changed = first_changed(buf, argsz == need ? need : self->header, need + 64);
		EXPECT_EQ(-1, changed) TH_LOG("argsz %u: byte %ld written", argsz, changed);
		if (need == self->header)
			break;
	}
	free(buf);
}

/* A56: one usable range, and it is BASE's [start_dma, end_dma]. */
TEST_F(zpci, iova_range_is_the_dma_aperture)
{
	const struct cap_entry *e = cap_chain_find(&self->ic.chain, KABI_CAP_ZPCI_BASE);
	struct zpci_base_cap base;
	struct iova_space io;
	struct problem p;

	ASSERT_NOT_NULL(e);
	ASSERT_EQ(0, cap_read_zpci_base(self->ic.raw.buf, e, &base, &p)) TH_LOG("%s", p.text);
	live_iova_space_read(self->container, &io);
	ASSERT_EQ(1, io.nr);
	EXPECT_EQ(base.start_dma, io.r[0].start);
	EXPECT_EQ(base.end_dma, io.r[0].end)
		TH_LOG("range [0x%" PRIx64 "-0x%" PRIx64 "], aperture [0x%" PRIx64 "-0x%" PRIx64 "]",
		       io.r[0].start, io.r[0].end, base.start_dma, base.end_dma);
}

LIVE_MAIN
