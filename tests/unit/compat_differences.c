// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit compat_differences: fixtures/iommufd-compat.ini's reader, and the
 * backend a fixture variant's name stands for (A78).
 */
#include <string.h>

#include "backend.h"
#include "compat_differences.h"
#include "expect.h"
#include "kernel_changes.h"
#include "kselftest_harness.h"

static const char good[] =
	"# comment\n"
	"[partial_caps]\n"
	"assertion = A21\n"
	"source = drivers/iommu/iommufd/vfio_compat.c\n"
	"says = caps that fit are written\n"
	"tests = get_info.argsz_one_short_gets_no_chain get_info.too_small_*\n";

TEST(a_difference_names_its_tests_by_pattern)
{
	static struct compat_differences d;
	const struct compat_difference *c;
	struct problem p;

	ASSERT_EQ(COMPAT_OK, compat_differences_parse(good, "good.ini", &d, &p)) TH_LOG("%s", p.text);
	ASSERT_EQ(1, d.count);
	c = compat_difference_for(&d, "get_info.too_small_argsz_is_raised_without_partial_caps");
	ASSERT_NOT_NULL(c);
	EXPECT_STREQ("partial_caps", c->name);
	EXPECT_STREQ("A21", c->assertion);
	EXPECT_NOT_NULL(compat_difference_for(&d, "get_info.argsz_one_short_gets_no_chain"));
	EXPECT_NULL(compat_difference_for(&d, "get_info.argsz_below_minsz_is_einval"));
	EXPECT_NULL(compat_difference_for(&d, "cap_chain.too_small_x"));
}

/* A probe that says "absent" on compat by design is not a regression there. */
TEST(a_difference_names_the_kernel_change_it_leaves_out)
{
	static struct compat_differences d;
	struct problem p;
	static const char text[] =
		"[no_migration_cap]\n"
		"assertion = A31\n"
		"source = vfio_compat.c\n"
		"says = no migration cap\n"
		"tests = cap_chain.migration_cap_values\n"
		"change = migration_cap\n";

	ASSERT_EQ(COMPAT_OK, compat_differences_parse(text, "t.ini", &d, &p)) TH_LOG("%s", p.text);
	ASSERT_NOT_NULL(compat_difference_leaving_out(&d, "migration_cap"));
	EXPECT_STREQ("no_migration_cap", compat_difference_leaving_out(&d, "migration_cap")->name);
	EXPECT_NULL(compat_difference_leaving_out(&d, "dma_avail_cap"));
	ASSERT_EQ(COMPAT_OK, compat_differences_parse(good, "good.ini", &d, &p));
	EXPECT_NULL(compat_difference_leaving_out(&d, ""));
	EXPECT_EQ(COMPAT_BAD_VALUE, compat_differences_parse("[x]\nchange = a b\n", "f.ini", &d, &p));
	EXPECT_CONTAINS(p.text, "f.ini:2: [x] change: expected one kernel change's name");
}

TEST(malformed_differences_are_named_by_line)
{
	static struct compat_differences d;
	struct problem p;

	EXPECT_EQ(COMPAT_BAD_VALUE, compat_differences_parse("[x]\nassertion = 21\n", "f.ini", &d, &p));
	EXPECT_CONTAINS(p.text, "f.ini:2: [x] assertion: expected an assertion (A21)");
	EXPECT_EQ(COMPAT_BAD_VALUE, compat_differences_parse("[x]\ntests = get_info\n", "f.ini", &d, &p));
	EXPECT_CONTAINS(p.text, "expected FIXTURE.TEST names");
	EXPECT_EQ(COMPAT_BAD_KEY, compat_differences_parse("[x]\nwhy = no\n", "f.ini", &d, &p));
	EXPECT_CONTAINS(p.text, "unknown key");
	EXPECT_EQ(COMPAT_INCOMPLETE, compat_differences_parse("[x]\nassertion = A1\n", "f.ini", &d, &p));
	EXPECT_CONTAINS(p.text, "f.ini:1: [x] missing key: source");
}

TEST(the_shipped_differences_load)
{
	static struct compat_differences d;
	struct problem p;

	static struct kernel_changes k;

	ASSERT_EQ(COMPAT_OK, compat_differences_load("fixtures/iommufd-compat.ini", &d, &p))
		TH_LOG("%s", p.text);
	ASSERT_EQ(0, kernel_changes_load("fixtures/kernel-changes.ini", &k, &p)) TH_LOG("%s", p.text);
	for (size_t i = 0; i < d.count; i++) {
		const struct compat_difference *c = &d.list[i];

		EXPECT_TRUE(!c->change[0] || kernel_change_find(&k, c->change))
			TH_LOG("[%s] change = %s: no such entry in fixtures/kernel-changes.ini",
			       c->name, c->change);
	}
}

TEST(variant_names_map_to_backends)
{
	EXPECT_EQ(&backend_type1v2, backend_of_variant("type1v2"));
	EXPECT_EQ(&backend_type1v2, backend_of_variant("type1v2_edu"));
	EXPECT_EQ(&backend_type1v2, backend_of_variant("type1v2_limit_2"));
	EXPECT_EQ(&backend_type1v1, backend_of_variant("fresh_type1v1"));
	EXPECT_EQ(&backend_compat_v2, backend_of_variant("compat_v2_virtio_rng"));
	EXPECT_EQ(&backend_iommufd_v1, backend_of_variant("iommufd_v1"));
	EXPECT_NULL(backend_of_variant("native"));
	EXPECT_NULL(backend_of_variant("type1v2x"));
	EXPECT_EQ(BACKEND_IOMMUFD_COMPAT, backend_iommufd_v2.impl);
	EXPECT_STREQ("/dev/iommu", backend_iommufd_v2.node);
	EXPECT_EQ(6, backend_count);
}

TEST(an_absent_node_is_one_sentence)
{
	const struct backend b = { "x", "/nonexistent/iommu", 3, BACKEND_IOMMUFD_COMPAT };
	struct problem p;

	EXPECT_FALSE(backend_present(&b, &p));
	EXPECT_CONTAINS(p.text, "no /nonexistent/iommu here (vfio is not loaded)");
}

TEST_HARNESS_MAIN
