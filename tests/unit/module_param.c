// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit module_param: reading and writing /sys/module/M/parameters/P, on a
 * crafted tree; failures name the file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
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

static long value_now(FIXTURE_DATA(params) *self)
{
	long v = -1;

	__module_param_read(self->root, "vfio_iommu_type1", "dma_entry_limit", &v, NULL);
	return v;
}

/* Restored on demand, and the guardian is gone after. */
TEST_F(params, a_guarded_change_is_restored)
{
	struct param_guard g;
	struct problem p;

	ASSERT_EQ(0, __module_param_set_guarded(self->root, "vfio_iommu_type1", "dma_entry_limit",
						2, &g, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(2, value_now(self));
	EXPECT_EQ(65535, g.old);
	EXPECT_EQ(0, module_param_restore(&g));
	EXPECT_EQ(65535, value_now(self));
	EXPECT_EQ(0, module_param_restore(&g));	/* twice is harmless */
}

/* A process killed while it holds the change leaves nothing changed. */
static void killed_while_changed(FIXTURE_DATA(params) *self, int sig,
				 struct __test_metadata *_metadata)
{
	struct param_guard g;
	pid_t child = fork();
	int status;

	ASSERT_LE(0, child);
	if (!child) {
		if (__module_param_set_guarded(self->root, "vfio_iommu_type1", "dma_entry_limit",
					       2, &g, NULL))
			_exit(2);
		kill(getpid(), sig);
		pause();
		_exit(3);
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("the child exited %d", WEXITSTATUS(status));
	/* the guardian restores once the child's end of its pipe is gone */
	for (int i = 0; i < 200 && value_now(self) != 65535; i++)
		usleep(10000);
	EXPECT_EQ(65535, value_now(self)) TH_LOG("left at %ld after signal %d", value_now(self), sig);
}

TEST_F(params, sigkill_leaves_nothing_changed)
{
	killed_while_changed(self, SIGKILL, _metadata);
}

TEST_F(params, sigterm_leaves_nothing_changed)
{
	killed_while_changed(self, SIGTERM, _metadata);
}

TEST_HARNESS_MAIN
