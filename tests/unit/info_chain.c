// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit info_chain: fetching names the ioctl that failed; looking a cap up
 * says whether it is missing or lost behind a broken chain.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "crafted.h"
#include "expect.h"
#include "info_chain.h"
#include "kselftest_harness.h"

TEST(a_failed_fetch_names_the_ioctl)
{
	struct info_chain ic;
	struct problem p;
	int fd = open("/dev/null", O_RDWR);

	ASSERT_LE(0, fd);
	EXPECT_GT(0, __iommu_info_read(fd, &ic, &p));
	EXPECT_CONTAINS(p.text, "VFIO_IOMMU_GET_INFO: ");
	EXPECT_GT(0, __device_info_read(fd, 24, &ic, &p));
	EXPECT_CONTAINS(p.text, "VFIO_DEVICE_GET_INFO: ");
	close(fd);
}

/* A VT-d info buffer as a 6.6 kernel writes it, walked as the lib walks it. */
static void crafted_chain(struct info_chain *ic, uint8_t *buf)
{
	ic->raw.buf = buf;
	ic->raw.len = put_vtd_info(buf, 1);
	cap_chain_walk(buf, ic->raw.len, 24, 24, CAP_NS_IOMMU_INFO, &ic->chain);
}

TEST(caps_are_found_or_said_missing)
{
	uint8_t buf[256];
	struct info_chain ic;
	struct problem p;
	const struct cap_entry *e;

	crafted_chain(&ic, buf);
	e = info_chain_cap(&ic, KABI_CAP_IOVA_RANGE, &p);
	ASSERT_NOT_NULL(e);
	EXPECT_EQ(72, e->offset);
	EXPECT_EQ(0, p.code);
	EXPECT_NULL(info_chain_cap(&ic, 9, &p));
	EXPECT_EQ(-ENOENT, p.code);
	EXPECT_CONTAINS(p.text, "no such cap in the chain");
}

TEST(a_cap_behind_a_broken_link_is_said_lost)
{
	uint8_t buf[256];
	struct info_chain ic;
	struct problem p;

	ic.raw.buf = buf;
	ic.raw.len = put_vtd_info(buf, 1);
	put_dma_avail(buf, 56, 56, 65535);	/* DMA_AVAIL points to itself */
	cap_chain_walk(buf, ic.raw.len, 24, 24, CAP_NS_IOMMU_INFO, &ic.chain);
	EXPECT_NULL(info_chain_cap(&ic, KABI_CAP_IOVA_RANGE, &p));
	EXPECT_EQ(-EPROTO, p.code);
	EXPECT_CONTAINS(p.text, "no IOVA_RANGE cap before the chain broke: next of cap@56 points to itself");
}

TEST_HARNESS_MAIN
