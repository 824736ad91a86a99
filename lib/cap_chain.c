// SPDX-License-Identifier: GPL-2.0-only
#include "cap_chain.h"
#include "cap_readers.h"
#include "unaligned.h"

#define KIND(ns, name, macro, id, type, newest) \
	{ CAP_NS_##ns, (id), #name, kabi_sizeof(type), (newest) },
static const struct cap_kind kinds[] = { KABI_CAPS(KIND) };
#undef KIND

const struct cap_kind *cap_kind(enum cap_namespace ns, uint16_t id)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].ns == ns && kinds[i].id == id)
			return &kinds[i];
	return NULL;
}

const char *cap_name(enum cap_namespace ns, uint16_t id)
{
	const struct cap_kind *k = cap_kind(ns, id);

	return k ? k->name : NULL;
}

/* Is offset (where `from` points) a place a header can be read? */
static int check_place(struct cap_chain *c, uint32_t offset, uint32_t floor,
		       const char *from)
{
	if (offset < floor)
		return problem_set(&c->problem, CHAIN_INSIDE_INFO_HEADER,
				   "%s points to %u, inside the %u-byte info header",
				   from, offset, floor);
	if (offset >= c->len)
		return problem_set(&c->problem, CHAIN_PAST_END,
				   "%s points to %u, past the end of the %u-byte buffer",
				   from, offset, c->len);
	if (offset % CAP_ALIGN_MIN)
		return problem_set(&c->problem, CHAIN_MISALIGNED,
				   "%s points to %u, not a multiple of %d",
				   from, offset, CAP_ALIGN_MIN);
	if (c->len - offset < CAP_HEADER_SIZE)
		return problem_set(&c->problem, CHAIN_HEADER_TRUNCATED,
				   "%s points to %u: its %d-byte header crosses the end of the %u-byte buffer",
				   from, offset, CAP_HEADER_SIZE, c->len);
	return CHAIN_OK;
}

static int visited(const struct cap_chain *c, uint32_t offset)
{
	for (unsigned int i = 0; i < c->count; i++)
		if (c->caps[i].offset == offset)
			return 1;
	return 0;
}

/* Where the walk goes from cap `cur`; 0 when it should stop. */
static int check_next(struct cap_chain *c, const struct cap_entry *cur,
		      uint32_t floor)
{
	char from[48];

	snprintf(from, sizeof(from), "next of cap@%u", cur->offset);
	if (cur->next == cur->offset)
		return problem_set(&c->problem, CHAIN_LOOP,
				   "%s points to itself", from);
	if (cur->next < cur->offset && visited(c, cur->next))
		return problem_set(&c->problem, CHAIN_LOOP,
				   "%s returns to cap@%u, already visited: the chain loops",
				   from, cur->next);
	if (cur->next < cur->offset && cur->next >= floor)
		return problem_set(&c->problem, CHAIN_BACKWARD,
				   "%s points back to %u; next must move forward",
				   from, cur->next);
	return check_place(c, cur->next, floor, from);
}

int cap_chain_walk(const void *buf, uint32_t len, uint32_t first,
		   uint32_t floor, enum cap_namespace ns,
		   struct cap_chain *c)
{
	uint32_t offset = first;

	*c = (struct cap_chain){ .ns = ns, .len = len, .first = first };
	if (!first)
		return CHAIN_OK;
	if (check_place(c, first, floor, "cap_offset"))
		return c->problem.code;
	for (;;) {
		struct cap_entry *e;

		if (c->count == CAP_CHAIN_MAX)
			return problem_set(&c->problem, CHAIN_TOO_LONG,
					   "more than %d caps; stopped at %u",
					   CAP_CHAIN_MAX, offset);
		e = &c->caps[c->count++];
		e->offset = offset;
		e->id = load_u16(buf, offset + kabi_off(vfio_info_cap_header, id));
		e->version = load_u16(buf, offset + kabi_off(vfio_info_cap_header, version));
		e->next = load_u32(buf, offset + kabi_off(vfio_info_cap_header, next));
		e->known = cap_name(ns, e->id) != NULL;
		c->unknown += !e->known;
		/* a broken next leaves the cap the rest of the buffer */
		e->extent = len - offset;
		if (!e->next)
			return CHAIN_OK;
		if (check_next(c, e, floor))
			return c->problem.code;
		e->extent = e->next - offset;
		offset = e->next;
	}
}

const struct cap_entry *cap_chain_find(const struct cap_chain *c, uint16_t id)
{
	for (unsigned int i = 0; i < c->count; i++)
		if (c->caps[i].id == id)
			return &c->caps[i];
	return NULL;
}

static void dump_hex(FILE *out, const void *buf, const struct cap_entry *e)
{
	const uint8_t *b = (const uint8_t *)buf + e->offset;
	uint32_t n = e->extent < 64 ? e->extent : 64;

	for (uint32_t i = 0; i < n; i += 16) {
		fprintf(out, "#       +%-3u", i);
		for (uint32_t j = i; j < n && j < i + 16; j++)
			fprintf(out, " %02x", b[j]);
		fputc('\n', out);
	}
	if (n < e->extent)
		fprintf(out, "#       ... %u more bytes\n", e->extent - n);
}

void cap_chain_dump(FILE *out, const void *buf, const struct cap_chain *c)
{
	fprintf(out, "# cap chain: cap_offset %u, %u-byte buffer, %u caps%s\n",
		c->first, c->len, c->count,
		c->problem.code ? " (broken)" : "");
	for (unsigned int i = 0; i < c->count; i++) {
		const struct cap_entry *e = &c->caps[i];
		const char *name = cap_name(c->ns, e->id);
		char decoded[400];

		fprintf(out, "#   [%u] @%u id %u %s v%u next %u, %u bytes\n", i,
			e->offset, e->id, name ? name : "(unknown to this suite)",
			e->version, e->next, e->extent);
		if (name && cap_decode(c->ns, buf, e, decoded, sizeof(decoded)) == 0)
			fprintf(out, "#       %s\n", decoded);
		else if (name)
			fprintf(out, "#       does not decode: %s\n", decoded);
		else
			dump_hex(out, buf, e);
	}
	if (c->problem.code)
		fprintf(out, "#   fault: %s\n", c->problem.text);
}
