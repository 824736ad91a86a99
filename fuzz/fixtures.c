// SPDX-License-Identifier: GPL-2.0-only
/* The three fixture parsers on any text a fixture file could hold. */
#include "abi_deviations.h"
#include "fuzz.h"
#include "kernel_changes.h"
#include "platform.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct platform platform;
	static struct kernel_changes changes;
	static struct abi_deviations deviations;
	char *text = fuzz_text(data, size);
	struct problem p;

	if (!text)
		return 0;
	platform_parse(text, "platform.ini", &platform, &p);
	kernel_changes_parse(text, "kernel-changes.ini", &changes, &p);
	abi_deviations_parse(text, "abi-deviations.ini", &deviations, &p);
	free(text);
	return 0;
}
