/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_ABI_LAYOUT_H
#define VFIOC_ABI_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

/*
 * The reference table of lib/kernel_abi.h set beside the layout this
 * build's compiler gives the uapi headers it was built against.
 */
struct abi_field {
	const char *type;
	const char *member;
	int flexible;		/* size is the element size of a flexible array */
	uint32_t kernel_offset, kernel_size;
	uint32_t seen_offset, seen_size;
};

struct abi_struct {
	const char *type;
	uint32_t kernel_sizeof;	/* for the uapi version built against */
	uint32_t seen_sizeof;
	const char *size_commit; /* upstream commit that changed sizeof, or "" */
};

struct abi_value {
	const char *name;
	unsigned long kernel, seen;
};

enum abi_property { ABI_OFFSET, ABI_SIZE, ABI_SIZEOF };

/* One way the built layout differs from the kernel's. */
struct abi_mismatch {
	const char *member;	/* NULL for the struct's sizeof */
	enum abi_property property;
	uint32_t kernel, seen;
};

extern const struct abi_field abi_fields[];
extern const size_t abi_field_count;
extern const struct abi_struct abi_structs[];
extern const size_t abi_struct_count;
extern const struct abi_value abi_constants[];
extern const size_t abi_constant_count;
extern const struct abi_value abi_ioctls[];
extern const size_t abi_ioctl_count;

/* LINUX_VERSION_CODE of the uapi headers this build used. */
extern const unsigned int abi_uapi_version;
/* This build's ABI, and every ABI of abis.tsv. */
extern const char abi_name[];
extern const char *const abi_names[];
extern const size_t abi_name_count;

const char *abi_property_name(enum abi_property property);
const struct abi_struct *abi_struct_find(const char *type);
int abi_member_known(const char *type, const char *member);

/*
 * Compares one struct's rows of fields[] (normally abi_fields) and its
 * sizeof; fills up to max mismatches and returns how many there are.
 */
size_t abi_struct_diff(const struct abi_field *fields, size_t nfields,
		       const struct abi_struct *s, struct abi_mismatch *out,
		       size_t max);

#endif
