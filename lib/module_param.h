/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_MODULE_PARAM_H
#define VFIOC_MODULE_PARAM_H

#include <sys/types.h>

#include "problem.h"

/* /sys/module/MODULE/parameters/PARAM, as tests read and (as root) set it. */
#define MODULE_SYSFS "/sys/module"

/* 0 with *value, or -errno with p naming the file. */
int __module_param_read(const char *sysfs_module, const char *module,
			const char *param, long *value, struct problem *p);
int __module_param_write(const char *sysfs_module, const char *module,
			 const char *param, long value, struct problem *p);

/*
 * A parameter changed for as long as the caller lives. A guardian process
 * (its own session, deaf to SIGINT and SIGTERM) puts the old value back
 * when module_param_restore says so or when the caller ends however it
 * ends -- a crash, SIGTERM, SIGKILL -- so no run leaves it changed.
 */
struct param_guard {
	pid_t guardian;		/* 0: nothing to restore */
	int wake;		/* our end of the pipe the guardian waits on */
	long old;
};

/* 0 with the value set and guarded, or -errno with p saying why. */
int __module_param_set_guarded(const char *sysfs_module, const char *module,
			       const char *param, long value, struct param_guard *g,
			       struct problem *p);
/* Puts the old value back now and waits for it; 0, or -1 if it failed. */
int module_param_restore(struct param_guard *g);

#endif
