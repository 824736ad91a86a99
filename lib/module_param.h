/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_MODULE_PARAM_H
#define VFIOC_MODULE_PARAM_H

#include "problem.h"

/* /sys/module/MODULE/parameters/PARAM, as tests read and (as root) set it. */
#define MODULE_SYSFS "/sys/module"

/* 0 with *value, or -errno with p naming the file. */
int __module_param_read(const char *sysfs_module, const char *module,
			const char *param, long *value, struct problem *p);
int __module_param_write(const char *sysfs_module, const char *module,
			 const char *param, long value, struct problem *p);

#endif
