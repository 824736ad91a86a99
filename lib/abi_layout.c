// SPDX-License-Identifier: GPL-2.0-only
#include <stddef.h>
#include <string.h>
#include <linux/version.h>
#include <linux/vfio.h>
#include <linux/vfio_zdev.h>

#include "abi_layout.h"
#include "kernel_abi.h"

#define member_size(type, member) sizeof(((struct type *)0)->member)
#define element_size(type, member) sizeof(((struct type *)0)->member[0])

#define ROW_FIELD(type, member, off, size)                                       \
	{ #type, #member, 0, off, size, offsetof(struct type, member),           \
	  member_size(type, member) },
#define ROW_FLEX(type, member, off, elem)                                        \
	{ #type, #member, 1, off, elem, offsetof(struct type, member),           \
	  element_size(type, member) },
const struct abi_field abi_fields[] = { KABI_FIELDS(ROW_FIELD, ROW_FLEX) };
const size_t abi_field_count = sizeof(abi_fields) / sizeof(abi_fields[0]);

#define ROW_SIZE(type, before, since, version, commit)                           \
	{ #type, LINUX_VERSION_CODE >= (version) ? (since) : (before),           \
	  sizeof(struct type), commit },
const struct abi_struct abi_structs[] = { KABI_SIZES(ROW_SIZE) };
const size_t abi_struct_count = sizeof(abi_structs) / sizeof(abi_structs[0]);

#define ROW_VALUE(name, value) { #name, value, (unsigned long)(name) },
#define ROW_CAP(ns, name, macro, id, type, newest) ROW_VALUE(macro, id)
const struct abi_value abi_constants[] = { KABI_CONSTANTS(ROW_VALUE) KABI_CAPS(ROW_CAP) };
const size_t abi_constant_count = sizeof(abi_constants) / sizeof(abi_constants[0]);
const struct abi_value abi_ioctls[] = { KABI_IOCTLS(ROW_VALUE) };
const size_t abi_ioctl_count = sizeof(abi_ioctls) / sizeof(abi_ioctls[0]);

const unsigned int abi_uapi_version = LINUX_VERSION_CODE;

/* The build names its ABI from abis.tsv (see the Makefile). */
const char abi_name[] = VFIOC_ABI;
const char *const abi_names[] = { VFIOC_ABIS };
const size_t abi_name_count = sizeof(abi_names) / sizeof(abi_names[0]);

const char *abi_property_name(enum abi_property property)
{
	switch (property) {
	case ABI_OFFSET:
		return "offset";
	case ABI_SIZE:
		return "size";
	case ABI_SIZEOF:
		return "sizeof";
	}
	return "?";
}

const struct abi_struct *abi_struct_find(const char *type)
{
	for (size_t i = 0; i < abi_struct_count; i++)
		if (!strcmp(abi_structs[i].type, type))
			return &abi_structs[i];
	return NULL;
}

int abi_member_known(const char *type, const char *member)
{
	for (size_t i = 0; i < abi_field_count; i++)
		if (!strcmp(abi_fields[i].type, type) &&
		    !strcmp(abi_fields[i].member, member))
			return 1;
	return 0;
}

static size_t add_mismatch(struct abi_mismatch *out, size_t n, size_t max,
			   const char *member, enum abi_property property,
			   uint32_t kernel, uint32_t seen)
{
	if (n < max)
		out[n] = (struct abi_mismatch){ member, property, kernel, seen };
	return n + 1;
}

size_t abi_struct_diff(const struct abi_field *fields, size_t nfields,
		       const struct abi_struct *s, struct abi_mismatch *out,
		       size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < nfields; i++) {
		const struct abi_field *f = &fields[i];

		if (strcmp(f->type, s->type))
			continue;
		if (f->seen_offset != f->kernel_offset)
			n = add_mismatch(out, n, max, f->member, ABI_OFFSET,
					 f->kernel_offset, f->seen_offset);
		if (f->seen_size != f->kernel_size)
			n = add_mismatch(out, n, max, f->member, ABI_SIZE,
					 f->kernel_size, f->seen_size);
	}
	if (s->seen_sizeof != s->kernel_sizeof)
		n = add_mismatch(out, n, max, NULL, ABI_SIZEOF, s->kernel_sizeof,
				 s->seen_sizeof);
	return n;
}
