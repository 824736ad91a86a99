/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_TEXT_FILE_H
#define VFIOC_TEXT_FILE_H

#include <stddef.h>

#include "problem.h"

/*
 * Reads a whole text file (sysfs attribute, fixture) into a NUL-terminated
 * malloc'd buffer. NULL with p set ("PATH: reason") when it cannot be read,
 * holds a NUL byte, or is larger than limit.
 */
char *text_file_read(const char *path, size_t limit, struct problem *p);

#endif
