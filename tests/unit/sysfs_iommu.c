// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit_sysfs_iommu: the strict parsers for an IOMMU group's
 * reserved_regions and type (SPEC A54, A55), on crafted text and on a
 * crafted sysfs tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expect.h"
#include "kselftest_harness.h"
#include "sysfs_iommu.h"

#define ORIGIN "groups/7/reserved_regions"

static int parse(const char *text, struct resv_region *r, size_t *n,
		 struct problem *p)
{
	return resv_regions_parse(text, ORIGIN, r, 8, n, p);
}

TEST(vtd_and_amd_regions_parse)
{
	struct resv_region r[8];
	size_t n;
	struct problem p;

	ASSERT_EQ(SYSFS_OK, parse("0x0000000000000000 0x0000000000ffffff direct-relaxable\n"
				  "0x00000000fee00000 0x00000000feefffff msi\n"
				  "0x000000fd00000000 0x000000ffffffffff reserved\n"
				  "0x00000000000a0000 0x00000000000bffff direct\n",
				  r, &n, &p));
	ASSERT_EQ(4, n);
	EXPECT_EQ(RESV_DIRECT_RELAXABLE, r[0].type);
	EXPECT_EQ(0xffffff, r[0].range.end);
	EXPECT_EQ(RESV_MSI, r[1].type);
	EXPECT_EQ(0xfee00000, r[1].range.start);
	EXPECT_EQ(RESV_RESERVED, r[2].type);
	EXPECT_EQ(0xffffffffffULL, r[2].range.end);
	EXPECT_EQ(RESV_DIRECT, r[3].type);
}

TEST(empty_file_is_no_regions)
{
	struct resv_region r[8];
	size_t n = 99;
	struct problem p;

	EXPECT_EQ(SYSFS_OK, parse("", r, &n, &p));
	EXPECT_EQ(0, n);
}

struct bad_line {
	const char *text;
	const char *diagnosis;
};

static const struct bad_line bad_lines[] = {
	{ "0x00000000FEE00000 0x00000000feefffff msi\n", ":1: start is not 0x and 16 lowercase hex digits" },
	{ "0x0000000fee00000 0x00000000feefffff msi\n", ":1: start is not" },
	{ "00000000fee00000 0x00000000feefffff msi\n", ":1: start is not" },
	{ "0x00000000fee00000  0x00000000feefffff msi\n", ":1: end is not one space" },
	{ "0x00000000fee00000 0x00000000feefffff  msi\n", ":1: type is not" },
	{ "0x00000000fee00000 0x00000000feefffff msi-remap\n", ":1: type is not direct, direct-relaxable, reserved or msi" },
	{ "0x00000000fee00000 0x00000000feefffff msi \n", ":1: type is not" },
	{ "0x00000000fee00000 0x00000000feefffff msi\r\n", ":1: type is not" },
	{ "0x00000000fee00000 0x00000000feefffff\n", ":1: too short" },
	{ "0x0000000000000000 0x0000000000ffffff direct\n0x00000000fee00000 0x00000000feefffff msi", ":2: last line has no newline" },
	{ "\n", ":1: too short" },
};

TEST(malformed_lines_name_file_and_line)
{
	for (size_t i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
		struct resv_region r[8];
		size_t n;
		struct problem p;

		EXPECT_EQ(SYSFS_MALFORMED, parse(bad_lines[i].text, r, &n, &p));
		EXPECT_CONTAINS(p.text, ORIGIN);
		EXPECT_CONTAINS(p.text, bad_lines[i].diagnosis)
			TH_LOG("case %zu: %s", i, p.text);
	}
}

TEST(more_regions_than_room_is_reported)
{
	struct resv_region r[1];
	size_t n;
	struct problem p;

	EXPECT_EQ(SYSFS_TOO_MANY,
		  resv_regions_parse("0x0000000000000000 0x0000000000000fff msi\n"
				     "0x0000000000001000 0x0000000000001fff msi\n",
				     ORIGIN, r, 1, &n, &p));
	EXPECT_CONTAINS(p.text, ":2: more than 1 regions");
}

TEST(group_types_parse)
{
	static const char *const words[] = { "blocked\n", "identity\n", "unmanaged\n",
					     "DMA\n", "DMA-FQ\n", "unknown\n" };
	enum group_type t;
	struct problem p;

	for (size_t i = 0; i < 6; i++) {
		ASSERT_EQ(SYSFS_OK, group_type_parse(words[i], "type", &t, &p));
		EXPECT_EQ(i, t);
		EXPECT_EQ(0, strncmp(group_type_name(t), words[i], strlen(group_type_name(t))));
	}
}

TEST(malformed_group_type_is_reported)
{
	enum group_type t;
	struct problem p;

	EXPECT_EQ(SYSFS_MALFORMED, group_type_parse("DMA", "g/type", &t, &p));
	EXPECT_CONTAINS(p.text, "g/type:1: expected one word and a newline");
	EXPECT_EQ(SYSFS_MALFORMED, group_type_parse("dma\n", "g/type", &t, &p));
	EXPECT_CONTAINS(p.text, "'dma' is not blocked");
	EXPECT_EQ(SYSFS_MALFORMED, group_type_parse("DMA\nDMA\n", "g/type", &t, &p));
}

FIXTURE(fake_sysfs) {
	char root[64];
};

FIXTURE_SETUP(fake_sysfs)
{
	char path[128];
	FILE *f;

	snprintf(self->root, sizeof(self->root), "/tmp/vfioc-sysfs.XXXXXX");
	ASSERT_NOT_NULL(mkdtemp(self->root));
	snprintf(path, sizeof(path), "%s/7", self->root);
	ASSERT_EQ(0, mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/7/reserved_regions", self->root);
	f = fopen(path, "w");
	ASSERT_NOT_NULL(f);
	fputs("0x0000000008000000 0x00000000080fffff msi\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/7/type", self->root);
	f = fopen(path, "w");
	ASSERT_NOT_NULL(f);
	fputs("DMA-FQ\n", f);
	fclose(f);
}

FIXTURE_TEARDOWN(fake_sysfs)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/7/reserved_regions", self->root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/7/type", self->root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/7", self->root);
	rmdir(path);
	rmdir(self->root);
}

TEST_F(fake_sysfs, group_files_are_read)
{
	struct resv_region r[4];
	size_t n;
	enum group_type t;
	struct problem p;

	ASSERT_EQ(SYSFS_OK, resv_regions_read(self->root, 7, r, 4, &n, &p));
	ASSERT_EQ(1, n);
	EXPECT_EQ(0x8000000, r[0].range.start);
	EXPECT_EQ(RESV_MSI, r[0].type);
	ASSERT_EQ(SYSFS_OK, group_type_read(self->root, 7, &t, &p));
	EXPECT_EQ(GROUP_DMA_FQ, t);
}

TEST_F(fake_sysfs, missing_group_names_the_path)
{
	struct resv_region r[4];
	size_t n;
	struct problem p;

	EXPECT_EQ(SYSFS_UNREADABLE, resv_regions_read(self->root, 8, r, 4, &n, &p));
	EXPECT_CONTAINS(p.text, "/8/reserved_regions: No such file or directory");
}

TEST_HARNESS_MAIN
