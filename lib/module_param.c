// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "module_param.h"

static FILE *open_param(const char *sysfs_module, const char *module,
			const char *param, const char *mode, char *path, size_t size)
{
	snprintf(path, size, "%s/%s/parameters/%s", sysfs_module, module, param);
	return fopen(path, mode);
}

int __module_param_read(const char *sysfs_module, const char *module,
			const char *param, long *value, struct problem *p)
{
	char path[512];
	FILE *f = open_param(sysfs_module, module, param, "r", path, sizeof(path));
	int ok;

	problem_clear(p);
	if (!f)
		return problem_set(p, -errno, "%s: %s", path, strerror(errno));
	ok = fscanf(f, "%ld", value) == 1;
	fclose(f);
	if (!ok)
		return problem_set(p, -EPROTO, "%s does not hold a number", path);
	return 0;
}

int __module_param_write(const char *sysfs_module, const char *module,
			 const char *param, long value, struct problem *p)
{
	char path[512];
	FILE *f = open_param(sysfs_module, module, param, "w", path, sizeof(path));
	int ok, err;

	problem_clear(p);
	if (!f)
		return problem_set(p, -errno, "%s: %s", path, strerror(errno));
	ok = fprintf(f, "%ld\n", value) > 0;
	err = fclose(f) ? errno : 0;
	if (!ok || err)
		return problem_set(p, -(err ? err : EIO), "writing %ld to %s: %s", value,
				   path, strerror(err ? err : EIO));
	return 0;
}
