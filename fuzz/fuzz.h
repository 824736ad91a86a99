/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_FUZZ_FUZZ_H
#define VFIOC_FUZZ_FUZZ_H

/*
 * What the libFuzzer targets share: the input as a NUL-terminated string
 * (the parsers read text), in a heap copy of its own so that ASan sees any
 * read past its end.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (text) {
		memcpy(text, data, size);
		text[size] = '\0';
	}
	return text;
}

#endif
