// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit failure_context: what a failed live test prints names the kernel,
 * the device, the fixture and the group's reserved regions, and says so
 * when the info cannot be had.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expect.h"
#include "failure_context.h"
#include "kselftest_harness.h"

FIXTURE(groups) {
	char root[64], dir[96], file[128];
	struct dut dut;
	struct failure_context ctx;
	char *text;
	size_t len;
	FILE *out;
};

FIXTURE_SETUP(groups)
{
	FILE *f;

	snprintf(self->root, sizeof(self->root), "/tmp/vfioc-groups.XXXXXX");
	ASSERT_NOT_NULL(mkdtemp(self->root));
	snprintf(self->dir, sizeof(self->dir), "%s/7", self->root);
	ASSERT_EQ(0, mkdir(self->dir, 0700));
	snprintf(self->file, sizeof(self->file), "%s/reserved_regions", self->dir);
	f = fopen(self->file, "w");
	ASSERT_NOT_NULL(f);
	fputs("0x00000000fee00000 0x00000000feefffff msi\n", f);
	fclose(f);
	self->dut = (struct dut){ .bdf = "0000:00:03.0", .group = 7 };
	self->ctx = (struct failure_context){
		.release = "6.1.0-99-amd64", .machine = "x86_64", .dut = &self->dut,
		.fixture = "platform fixture x86_64-vtd.ini", .iommu_groups_sysfs = self->root,
	};
	self->out = open_memstream(&self->text, &self->len);
	ASSERT_NOT_NULL(self->out);
}

FIXTURE_TEARDOWN(groups)
{
	unlink(self->file);
	rmdir(self->dir);
	rmdir(self->root);
	free(self->text);
}

TEST_F(groups, names_kernel_device_fixture_and_regions)
{
	failure_context_dump(self->out, &self->ctx, -1);
	fclose(self->out);
	EXPECT_CONTAINS(self->text, "# kernel 6.1.0-99-amd64 x86_64, device 0000:00:03.0, group 7, platform fixture x86_64-vtd.ini\n");
	EXPECT_CONTAINS(self->text, "# group 7 reserved_regions (1):\n#   0x00000000fee00000 0x00000000feefffff msi\n");
}

TEST_F(groups, says_why_info_and_regions_are_missing)
{
	int fd = open("/dev/null", O_RDWR);

	ASSERT_LE(0, fd);
	self->dut.group = 8;
	failure_context_dump(self->out, &self->ctx, fd);
	fclose(self->out);
	close(fd);
	EXPECT_CONTAINS(self->text, "# VFIO_IOMMU_GET_INFO: ");
	EXPECT_CONTAINS(self->text, "# reserved regions: ");
}

TEST_HARNESS_MAIN
