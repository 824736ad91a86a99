/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIOC_ABI_DEVIATIONS_H
#define VFIOC_ABI_DEVIATIONS_H

#include <stddef.h>

#include "abi_layout.h"
#include "problem.h"

/*
 * Known ways a user ABI's headers lay a struct out differently from the
 * kernel (fixtures/abi-deviations.ini). A deviation is data, with its reason
 * and, where upstream changed the headers, the commit and first uapi version
 * that no longer have it.
 */
#define ABI_DEVIATION_ITEMS 16
#define ABI_DEVIATIONS_MAX 64

struct abi_deviation_item {
	char member[48];	/* "" for the struct's sizeof */
	enum abi_property property;
	unsigned int value;	/* what this ABI's headers give */
};

struct abi_deviation {
	char abi[16];
	char type[64];
	unsigned int line;	/* of the [section] header */
	char reason[600];
	char fixed_by[48];	/* upstream commit, or "" */
	unsigned int uapi_before; /* headers older than this have it; 0: all */
	struct abi_deviation_item items[ABI_DEVIATION_ITEMS];
	size_t item_count;
};

struct abi_deviations {
	char origin[256];
	struct abi_deviation list[ABI_DEVIATIONS_MAX];
	size_t count;
};

enum abi_deviations_error {
	DEVIATIONS_OK = 0,
	DEVIATIONS_UNREADABLE,
	DEVIATIONS_SYNTAX,
	DEVIATIONS_BAD_SECTION,
	DEVIATIONS_BAD_KEY,
	DEVIATIONS_BAD_VALUE,
	DEVIATIONS_INCOMPLETE,
	DEVIATIONS_TOO_MANY,
};

/* origin names the text in every message ("fixtures/abi-deviations.ini"). */
int abi_deviations_parse(const char *text, const char *origin,
			 struct abi_deviations *out, struct problem *p);
int abi_deviations_load(const char *path, struct abi_deviations *out,
			struct problem *p);

/* The deviation recorded for this ABI, struct and uapi version, or NULL. */
const struct abi_deviation *
abi_deviation_find(const struct abi_deviations *d, const char *abi,
		   const char *type, unsigned int uapi_version);

/*
 * 1 if the mismatches are exactly the ones the deviation records (same
 * members, properties and values), else 0 with why saying what differs.
 */
int abi_deviation_matches(const struct abi_deviation *d,
			  const struct abi_mismatch *m, size_t n,
			  struct problem *why);

#endif
