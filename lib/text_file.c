// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text_file.h"

char *text_file_read(const char *path, size_t limit, struct problem *p)
{
	size_t used = 0, cap = 4096;
	char *buf = malloc(cap + 1);
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !buf) {
		problem_set(p, errno, "%s: %s", path, strerror(errno));
		goto fail;
	}
	/* sysfs attributes report size 4096 whatever they hold: read to EOF */
	for (;;) {
		ssize_t got;

		if (used == cap) {
			char *bigger;

			if (cap >= limit) {
				problem_set(p, EFBIG, "%s: larger than %zu bytes",
					    path, limit);
				goto fail;
			}
			cap *= 2;
			bigger = realloc(buf, cap + 1);
			if (!bigger) {
				problem_set(p, ENOMEM, "%s: out of memory", path);
				goto fail;
			}
			buf = bigger;
		}
		got = read(fd, buf + used, cap - used);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			problem_set(p, errno, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (got == 0)
			break;
		used += got;
	}
	if (memchr(buf, '\0', used)) {
		problem_set(p, EINVAL, "%s: holds a NUL byte, not text", path);
		goto fail;
	}
	buf[used] = '\0';
	close(fd);
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}
