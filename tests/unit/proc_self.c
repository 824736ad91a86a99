// SPDX-License-Identifier: GPL-2.0-only
/* unit proc_self: VmLck read from a status file, or why it cannot be. */
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "expect.h"
#include "kselftest_harness.h"
#include "proc_self.h"

TEST(vmlck_is_read_in_kib)
{
	const char *status = "Name:\ttest\nVmLck:\t    1024 kB\nVmPin:\t 0 kB\n";
	char path[] = "/tmp/vfioc-status.XXXXXX";
	int fd = mkstemp(path);
	struct problem p;
	long kib = -1;

	ASSERT_LE(0, fd);
	ASSERT_EQ(strlen(status), write(fd, status, strlen(status)));
	close(fd);
	EXPECT_EQ(0, __proc_self_vmlck_kib(path, &kib, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(1024, kib);
	fd = open(path, O_WRONLY | O_TRUNC);
	ASSERT_EQ(11, write(fd, "Name:\ttest\n", 11));
	close(fd);
	EXPECT_NE(0, __proc_self_vmlck_kib(path, &kib, &p));
	EXPECT_CONTAINS(p.text, "has no VmLck line");
	unlink(path);
}

TEST(this_process_has_a_vmlck)
{
	struct problem p;
	long kib = -1;

	EXPECT_EQ(0, __proc_self_vmlck_kib("/proc/self/status", &kib, &p)) TH_LOG("%s", p.text);
	EXPECT_LE(0, kib);
}

TEST_HARNESS_MAIN
