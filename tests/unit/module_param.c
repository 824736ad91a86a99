// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit module_param: reading and writing /sys/module/M/parameters/P, on a
 * crafted tree; failures name the file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expect.h"
#include "kselftest_harness.h"
#include "module_param.h"

FIXTURE(params) {
	char root[64], path[160];
};

FIXTURE_SETUP(params)
{
	char dir[128];
	FILE *f;

	snprintf(self->root, sizeof(self->root), "/tmp/vfioc-module.XXXXXX");
	ASSERT_NOT_NULL(mkdtemp(self->root));
	snprintf(dir, sizeof(dir), "%s/vfio_iommu_type1", self->root);
	ASSERT_EQ(0, mkdir(dir, 0700));
	snprintf(dir, sizeof(dir), "%s/vfio_iommu_type1/parameters", self->root);
	ASSERT_EQ(0, mkdir(dir, 0700));
	snprintf(self->path, sizeof(self->path), "%s/dma_entry_limit", dir);
	f = fopen(self->path, "w");
	ASSERT_NOT_NULL(f);
	fputs("65535\n", f);
	fclose(f);
}

FIXTURE_TEARDOWN(params)
{
	char dir[128];

	unlink(self->path);
	snprintf(dir, sizeof(dir), "%s/vfio_iommu_type1/parameters", self->root);
	rmdir(dir);
	snprintf(dir, sizeof(dir), "%s/vfio_iommu_type1", self->root);
	rmdir(dir);
	rmdir(self->root);
}

TEST_F(params, read_then_write_then_read)
{
	struct problem p;
	long v = 0;

	ASSERT_EQ(0, __module_param_read(self->root, "vfio_iommu_type1", "dma_entry_limit", &v, &p));
	EXPECT_EQ(65535, v);
	ASSERT_EQ(0, __module_param_write(self->root, "vfio_iommu_type1", "dma_entry_limit", 2, &p));
	ASSERT_EQ(0, __module_param_read(self->root, "vfio_iommu_type1", "dma_entry_limit", &v, &p));
	EXPECT_EQ(2, v);
}

TEST_F(params, missing_parameter_names_the_file)
{
	struct problem p;
	long v;

	EXPECT_EQ(-ENOENT, __module_param_read(self->root, "vfio_iommu_type1", "nope", &v, &p));
	EXPECT_CONTAINS(p.text, "vfio_iommu_type1/parameters/nope");
}

TEST_F(params, not_a_number_is_said)
{
	struct problem p;
	FILE *f = fopen(self->path, "w");
	long v;

	ASSERT_NOT_NULL(f);
	fputs("Y\n", f);
	fclose(f);
	EXPECT_GT(0, __module_param_read(self->root, "vfio_iommu_type1", "dma_entry_limit", &v, &p));
	EXPECT_CONTAINS(p.text, "does not hold a number");
}

TEST_HARNESS_MAIN
