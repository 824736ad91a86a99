// SPDX-License-Identifier: GPL-2.0-only
/*
 * abi_layout: the layout this ABI's uapi headers give every VFIO type1
 * struct, against the layout the kernel writes (SPEC A1-A8). One result per
 * struct; a difference recorded in fixtures/abi-deviations.ini is an XFAIL
 * with its reason, any other difference fails.
 *
 * Usage: abi_layout [DEVIATIONS.ini]
 * Default: $VFIO_CONFORMANCE_FIXTURES/abi-deviations.ini, else
 * fixtures/abi-deviations.ini.
 */
#include <stdio.h>
#include <string.h>

#include "abi_deviations.h"
#include "abi_layout.h"
#include "kselftest.h"
#include "tap.h"

#define MISMATCH_MAX 32

static void print_mismatches(const struct abi_mismatch *m, size_t n)
{
	for (size_t i = 0; i < n && i < MISMATCH_MAX; i++)
		printf("#   %s %s: kernel %u, this ABI's headers %u\n",
		       m[i].member ? m[i].member : "(struct)",
		       abi_property_name(m[i].property), m[i].kernel,
		       m[i].seen);
}

static void check_struct(const struct abi_struct *s,
			 const struct abi_deviations *devs)
{
	struct abi_mismatch m[MISMATCH_MAX];
	size_t n = abi_struct_diff(abi_fields, abi_field_count, s, m,
				   MISMATCH_MAX);
	const struct abi_deviation *dev =
		abi_deviation_find(devs, abi_name, s->type, abi_uapi_version);
	char name[128], reason[800];
	struct problem why;

	snprintf(name, sizeof(name), "abi_layout.%s", s->type);
	if (!n && !dev) {
		ksft_test_result_pass("%s\n", name);
		return;
	}
	if (!n) {
		printf("# %s:%u records a deviation for %s %s, but the layout is the kernel's: remove it\n",
		       devs->origin, dev->line, abi_name, s->type);
		ksft_test_result_fail("%s\n", name);
		return;
	}
	print_mismatches(m, n);
	if (dev && abi_deviation_matches(dev, m, n, &why)) {
		snprintf(reason, sizeof(reason), "%s ABI deviation (%s:%u): %s%s%s",
			 abi_name, devs->origin, dev->line, dev->reason,
			 dev->fixed_by[0] ? "; headers fixed by " : "",
			 dev->fixed_by);
		tap_xfail(name, reason);
		return;
	}
	if (dev)
		printf("# differs from the deviation recorded: %s\n", why.text);
	else
		printf("# no deviation recorded for %s %s in %s\n", abi_name,
		       s->type, devs->origin);
	ksft_test_result_fail("%s\n", name);
}

static void check_values(const char *name, const struct abi_value *v,
			 size_t n)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		if (v[i].seen == v[i].kernel)
			continue;
		printf("#   %s: kernel 0x%lx, headers 0x%lx\n", v[i].name,
		       v[i].kernel, v[i].seen);
		bad = 1;
	}
	ksft_test_result(!bad, "%s\n", name);
}

int main(int argc, char **argv)
{
	static struct abi_deviations devs;
	char path[512];
	const char *dir = getenv("VFIO_CONFORMANCE_FIXTURES");
	struct problem p;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: %s [DEVIATIONS.ini]\n", argv[0]);
		return 2;
	}
	if (argc == 2)
		snprintf(path, sizeof(path), "%s", argv[1]);
	else
		snprintf(path, sizeof(path), "%s/abi-deviations.ini",
			 dir ? dir : "fixtures");

	ksft_print_header();
	if (abi_deviations_load(path, &devs, &p)) {
		printf("Bail out! cannot use the ABI deviation fixture: %s\n",
		       p.text);
		return 1;
	}
	ksft_set_plan(abi_struct_count + 2);
	printf("# ABI %s, uapi headers %u.%u.%u, deviations from %s\n",
	       abi_name, abi_uapi_version >> 16, (abi_uapi_version >> 8) & 0xff,
	       abi_uapi_version & 0xff, path);
	for (size_t i = 0; i < abi_struct_count; i++)
		check_struct(&abi_structs[i], &devs);
	check_values("abi_layout.constants", abi_constants, abi_constant_count);
	check_values("abi_layout.ioctl_numbers", abi_ioctls, abi_ioctl_count);
	ksft_finished();
}
