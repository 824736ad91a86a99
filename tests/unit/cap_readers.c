// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit_cap_readers: typed readers on crafted caps. Values are written
 * native-endian at the kernel's offsets, as the kernel does, so the same
 * tests run under qemu-s390x prove the readers big-endian correct.
 */
#include "cap_readers.h"
#include "crafted.h"
#include "expect.h"
#include "kselftest_harness.h"

static struct cap_entry entry(const void *buf, uint32_t off, uint32_t extent)
{
	return (struct cap_entry){
		.offset = off,
		.id = load_u16(buf, off),
		.version = load_u16(buf, off + 2),
		.next = load_u32(buf, off + 4),
		.extent = extent,
		.known = true,
	};
}

TEST(iova_range_reads_u64s_at_4_byte_aligned_offset)
{
	uint8_t buf[128];
	struct iova_range r[4];
	uint32_t nr = 0;
	struct problem p;
	struct cap_entry cap;

	put_vtd_info(buf, 0);
	cap = entry(buf, 68, 48);
	ASSERT_EQ(CAP_READ_OK, cap_read_iova_ranges(buf, &cap, r, 4, &nr, &p));
	ASSERT_EQ(2, nr);
	EXPECT_EQ(0, r[0].start);
	EXPECT_EQ(0xfedfffffULL, r[0].end);
	EXPECT_EQ(0xfef00000ULL, r[1].start);
	EXPECT_EQ(0x7fffffffffULL, r[1].end);
}

TEST(nr_iovas_larger_than_the_cap_is_reported)
{
	uint8_t buf[128];
	struct iova_range r[8];
	uint32_t nr;
	struct problem p;
	struct cap_entry cap;

	put_vtd_info(buf, 0);
	store_u32(buf, 68 + 8, 5);
	cap = entry(buf, 68, 48);
	EXPECT_EQ(CAP_COUNT_EXCEEDS, cap_read_iova_ranges(buf, &cap, r, 8, &nr, &p));
	EXPECT_CONTAINS(p.text, "nr_iovas 5 needs 96 bytes, the cap has 48");
}

TEST(nr_iovas_near_u32_max_does_not_wrap)
{
	uint8_t buf[128];
	struct iova_range r[1];
	uint32_t nr;
	struct problem p;
	struct cap_entry cap;

	put_vtd_info(buf, 0);
	store_u32(buf, 68 + 8, 0xffffffffu);
	cap = entry(buf, 68, 48);
	EXPECT_EQ(CAP_COUNT_EXCEEDS, cap_read_iova_ranges(buf, &cap, r, 1, &nr, &p));
}

TEST(truncated_migration_payload_is_reported)
{
	uint8_t buf[128];
	struct migration_cap mig;
	struct problem p;
	struct cap_entry cap;

	put_migration(buf, 24, 0);
	cap = entry(buf, 24, 20);
	EXPECT_EQ(CAP_TRUNCATED, cap_read_migration(buf, &cap, &mig, &p));
	EXPECT_CONTAINS(p.text,
			       "MIGRATION v1 cap@24 needs 32 bytes, only 20 before the end of the buffer");
}

TEST(migration_values_and_padding_are_read)
{
	uint8_t buf[128];
	struct migration_cap mig;
	struct problem p;
	struct cap_entry cap;

	put_migration(buf, 24, 56);
	store_u32(buf, 24 + 12, 0xdeadbeef);	/* the pre-cd24e2a60af6 leak */
	cap = entry(buf, 24, 32);
	ASSERT_EQ(CAP_READ_OK, cap_read_migration(buf, &cap, &mig, &p));
	EXPECT_EQ(0, mig.flags);
	EXPECT_EQ(0xdeadbeef, mig.pad);
	EXPECT_EQ(0x1000, mig.pgsize_bitmap);
	EXPECT_EQ(0x10000000, mig.max_dirty_bitmap_size);
}

TEST(dma_avail_is_read)
{
	uint8_t buf[128];
	uint32_t avail;
	struct problem p;
	struct cap_entry cap;

	put_dma_avail(buf, 56, 0, 65535);
	cap = entry(buf, 56, 12);
	ASSERT_EQ(CAP_READ_OK, cap_read_dma_avail(buf, &cap, &avail, &p));
	EXPECT_EQ(65535, avail);
}

TEST(unknown_version_is_refused)
{
	uint8_t buf[128];
	struct iova_range r[4];
	uint32_t nr, avail;
	struct problem p;
	struct cap_entry cap;

	put_vtd_info(buf, 0);
	store_u16(buf, 68 + 2, 2);
	cap = entry(buf, 68, 48);
	EXPECT_EQ(CAP_UNKNOWN_VERSION, cap_read_iova_ranges(buf, &cap, r, 4, &nr, &p));
	EXPECT_CONTAINS(p.text, "IOVA_RANGE cap@68 has version 2; this suite knows 1..1");
	store_u16(buf, 56 + 2, 0);
	cap = entry(buf, 56, 12);
	EXPECT_EQ(CAP_UNKNOWN_VERSION, cap_read_dma_avail(buf, &cap, &avail, &p));
}

TEST(wrong_id_is_refused)
{
	uint8_t buf[128];
	struct migration_cap mig;
	struct problem p;
	struct cap_entry cap;

	put_vtd_info(buf, 0);
	cap = entry(buf, 56, 12);
	EXPECT_EQ(CAP_WRONG_ID, cap_read_migration(buf, &cap, &mig, &p));
	EXPECT_CONTAINS(p.text, "cap@56 has id 3, not MIGRATION (2)");
}

/*
 * The 2016 MSI_GEOMETRY proposal was never merged; a kernel carrying it
 * under id 1 must not pass for IOVA_RANGE. Its aperture start lands where
 * nr_iovas is read: the low half on little-endian (a huge count), the high
 * half, 0, on big-endian (no ranges). Either way it does not decode.
 */
TEST(msi_geometry_shape_under_id_1_does_not_decode)
{
	uint8_t buf[64];
	char line[200];
	struct cap_entry cap;

	put_cap_header(buf, 24, 1, 1, 0);
	store_u64(buf, 32, 0x8000000);	/* aperture_start */
	store_u64(buf, 40, 0x80fffff);	/* aperture_end */
	store_u32(buf, 48, 256);	/* pages */
	cap = entry(buf, 24, 40);
	EXPECT_NE(0, cap_decode(CAP_NS_IOMMU_INFO, buf, &cap, line, sizeof(line)));
	EXPECT_CONTAINS(line, "IOVA_RANGE cap@24: nr_iovas ");
}

TEST(iova_range_without_ranges_is_reported)
{
	uint8_t buf[128];
	struct iova_range r[4];
	uint32_t nr;
	struct problem p;
	struct cap_entry cap;

	put_iova_ranges(buf, 24, 0, 0, NULL);
	cap = entry(buf, 24, 16);
	EXPECT_EQ(CAP_NO_RANGES, cap_read_iova_ranges(buf, &cap, r, 4, &nr, &p));
	EXPECT_CONTAINS(p.text, "IOVA_RANGE cap@24: nr_iovas 0");
}

TEST(zpci_6_1_device_chain_reads)
{
	uint8_t b[256];
	uint32_t len = put_zpci_info(b, 1);
	struct cap_chain c;
	struct zpci_base_cap base;
	struct zpci_group_cap group;
	struct zpci_blob_cap util, pfip;
	struct problem p;

	ASSERT_EQ(200, len);
	ASSERT_EQ(CHAIN_OK, cap_chain_walk(b, len, 20, 20, CAP_NS_DEVICE_INFO, &c));
	ASSERT_EQ(4, c.count);
	ASSERT_EQ(CAP_READ_OK, cap_read_zpci_base(b, &c.caps[0], &base, &p));
	EXPECT_EQ(0x100000000ULL, base.start_dma);
	EXPECT_EQ(0x13fffffffULL, base.end_dma);
	EXPECT_EQ(0x0100, base.pchid);
	EXPECT_EQ(0x0a, base.pft);
	EXPECT_EQ(7, base.gid);
	EXPECT_EQ(0x80000001, base.fh);
	ASSERT_EQ(CAP_READ_OK, cap_read_zpci_group(b, &c.caps[1], &group, &p));
	EXPECT_EQ(1, group.flags);
	EXPECT_EQ(128, group.maxstbl);
	EXPECT_EQ(3, group.pci_version);
	EXPECT_EQ(256, group.imaxstbl);
	ASSERT_EQ(CAP_READ_OK, cap_read_zpci_util(b, &c.caps[2], &util, &p));
	EXPECT_EQ(64, util.size);
	EXPECT_EQ(0xc1, util.bytes[63]);
	ASSERT_EQ(CAP_READ_OK, cap_read_zpci_pfip(b, &c.caps[3], &pfip, &p));
	EXPECT_EQ(4, pfip.size);
}

TEST(zpci_base_v1_has_no_fh)
{
	uint8_t b[256];
	struct zpci_base_cap base;
	struct problem p;
	struct cap_entry cap;

	put_zpci_info(b, 0);
	store_u16(b, 22, 1);
	cap = entry(b, 20, 32);	/* v1 ends before fh */
	ASSERT_EQ(CAP_READ_OK, cap_read_zpci_base(b, &cap, &base, &p));
	EXPECT_EQ(0, base.fh);
	store_u16(b, 22, 2);
	cap = entry(b, 20, 32);
	EXPECT_EQ(CAP_TRUNCATED, cap_read_zpci_base(b, &cap, &base, &p));
}

TEST(zpci_util_size_past_the_cap_is_reported)
{
	uint8_t b[256];
	struct zpci_blob_cap util;
	struct problem p;
	struct cap_entry cap;

	put_zpci_info(b, 1);
	store_u32(b, 116, 65);
	cap = entry(b, 108, 76);
	EXPECT_EQ(CAP_COUNT_EXCEEDS, cap_read_zpci_util(b, &cap, &util, &p));
	EXPECT_CONTAINS(p.text, "ZPCI_UTIL cap@108: size 65 runs past the cap's 76 bytes");
}

TEST_HARNESS_MAIN
