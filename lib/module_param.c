// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* The guardian: wait for the caller's end of the pipe to close, restore. */
static void guard(int wait_fd, const char *sysfs_module, const char *module,
		  const char *param, long old)
{
	char byte;

	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	setsid();
	while (read(wait_fd, &byte, 1) > 0)
		;
	_exit(__module_param_write(sysfs_module, module, param, old, NULL) ? 1 : 0);
}

int __module_param_set_guarded(const char *sysfs_module, const char *module,
			       const char *param, long value, struct param_guard *g,
			       struct problem *p)
{
	int fds[2], ret;

	g->guardian = 0;
	ret = __module_param_read(sysfs_module, module, param, &g->old, p);
	if (ret)
		return ret;
	if (pipe(fds))
		return problem_set(p, -errno, "pipe: %s", strerror(errno));
	fflush(NULL);
	g->guardian = fork();
	if (g->guardian < 0) {
		ret = -errno;
		close(fds[0]);
		close(fds[1]);
		g->guardian = 0;
		return problem_set(p, ret, "fork: %s", strerror(-ret));
	}
	if (!g->guardian) {
		close(fds[1]);
		guard(fds[0], sysfs_module, module, param, g->old);
	}
	close(fds[0]);
	g->wake = fds[1];
	ret = __module_param_write(sysfs_module, module, param, value, p);
	if (ret)
		module_param_restore(g);
	return ret;
}

int module_param_restore(struct param_guard *g)
{
	int status = 1;

	if (!g->guardian)
		return 0;
	close(g->wake);
	waitpid(g->guardian, &status, 0);
	g->guardian = 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}
