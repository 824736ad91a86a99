// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "proc_self.h"
#include "text_file.h"

int __proc_self_vmlck_kib(const char *status_path, long *kib, struct problem *p)
{
	char *text = text_file_read(status_path, 1 << 16, p);
	const char *line;
	int ret = 0;

	if (!text)
		return p ? p->code : -EIO;
	line = strstr(text, "\nVmLck:");
	if (!line || sscanf(line, "\nVmLck: %ld kB", kib) != 1)
		ret = problem_set(p, -EPROTO, "%s has no VmLck line", status_path);
	free(text);
	return ret;
}

int __drop_cap_ipc_lock(void)
{
	struct __user_cap_header_struct head = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &head, data))
		return -errno;
	data[CAP_TO_INDEX(CAP_IPC_LOCK)].effective &= ~CAP_TO_MASK(CAP_IPC_LOCK);
	return syscall(SYS_capset, &head, data) ? -errno : 0;
}
