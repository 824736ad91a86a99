/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_PROC_SELF_H
#define VFIOC_PROC_SELF_H

#include "problem.h"

/*
 * What the kernel accounts to this process: type1 charges every page it
 * pins to the mm's locked_vm, which /proc/self/status shows as VmLck.
 */
int __proc_self_vmlck_kib(const char *status_path, long *kib, struct problem *p);

/*
 * Drops CAP_IPC_LOCK from this process's effective set: from then on,
 * pinning is held to RLIMIT_MEMLOCK even for root. 0 or -errno.
 */
int __drop_cap_ipc_lock(void);

#endif
