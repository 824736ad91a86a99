// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit_fixtures: the platform and kernel-deviation fixture parsers, the
 * platform matcher and the release arithmetic, on crafted text; and every
 * fixture the project ships parses.
 */
#include <dirent.h>
#include <stdlib.h>

#include "expect.h"
#include "kernel_abi.h"
#include "kernel_changes.h"
#include "kselftest_harness.h"
#include "platform.h"

static const char vtd[] =
	"[platform]\n"
	"name = VT-d\n"
	"arch = x86_64\n"
	"iommu = dmar*\n"
	"\n"
	"[iova_pgsizes]\n"
	"must = 0x1000\n"
	"may = 0x40201000\n"
	"\n"
	"[iova_pgsizes before vtd_real_pgsize_bitmap]\n"
	"may = 0xfffffffffffff000\n"
	"\n"
	"[window msi]\n"
	"start = 0xfee00000\n"
	"end = 0xfeefffff\n"
	"type = msi\n";

TEST(platform_fixture_parses)
{
	struct platform pf;
	struct problem p;

	ASSERT_EQ(PLATFORM_OK, platform_parse(vtd, "vtd.ini", &pf, &p)) TH_LOG("%s", p.text);
	EXPECT_STREQ("x86_64", pf.arch);
	EXPECT_EQ(0x40201000, pf.pgsizes_may);
	EXPECT_STREQ("vtd_real_pgsize_bitmap", pf.pgsizes_change);
	EXPECT_EQ(0xfffffffffffff000, pf.pgsizes_may_before);
	EXPECT_EQ(0x1000, pf.pgsizes_must_before) TH_LOG("must left out: the current one");
	ASSERT_EQ(1, pf.window_count);
	EXPECT_STREQ("msi", pf.windows[0].name);
	EXPECT_EQ(0xfeefffff, pf.windows[0].range.end);
	EXPECT_EQ(APERTURE_UNCHECKED, pf.aperture);
}

/* A73: [aperture] end is a rule or a recorded value */
TEST(platform_aperture_rules)
{
	static const char head[] = "[platform]\nname = x\narch = x86_64\niommu = d*\n"
				   "[iova_pgsizes]\nmay = 0x1000\n[aperture]\n";
	char text[256];
	struct platform pf;
	struct problem p;

	snprintf(text, sizeof(text), "%send = width\n", head);
	ASSERT_EQ(PLATFORM_OK, platform_parse(text, "a.ini", &pf, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(APERTURE_WIDTH, pf.aperture);
	snprintf(text, sizeof(text), "%send = power-of-two\n", head);
	ASSERT_EQ(PLATFORM_OK, platform_parse(text, "a.ini", &pf, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(APERTURE_POWER_OF_TWO, pf.aperture);
	snprintf(text, sizeof(text), "%send = 0x7fffffffff\n", head);
	ASSERT_EQ(PLATFORM_OK, platform_parse(text, "a.ini", &pf, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(APERTURE_EXACT, pf.aperture);
	EXPECT_EQ(0x7fffffffff, pf.aperture_end);
	snprintf(text, sizeof(text), "%send = wide\n", head);
	EXPECT_EQ(PLATFORM_MALFORMED, platform_parse(text, "a.ini", &pf, &p));
	EXPECT_CONTAINS(p.text, "a.ini:8: [aperture] end: expected width, power-of-two or a 0x hex address");
	snprintf(text, sizeof(text), "%sstart = 0x0\n", head);
	EXPECT_EQ(PLATFORM_MALFORMED, platform_parse(text, "a.ini", &pf, &p));
	EXPECT_CONTAINS(p.text, "[aperture] start: unknown key (end)");
}

TEST(platform_matches_arch_iommu_driver_and_page_size)
{
	struct platform pf;
	struct problem p;
	struct dut dmar = { .iommu = "dmar0" }, ivhd = { .iommu = "ivhd0" };
	struct dut viommu = { .iommu = "0000:00:01.0", .iommu_driver = "virtio_iommu" };

	ASSERT_EQ(PLATFORM_OK, platform_parse(vtd, "vtd.ini", &pf, &p));
	EXPECT_TRUE(platform_matches(&pf, "x86_64", 4096, &dmar));
	EXPECT_FALSE(platform_matches(&pf, "x86_64", 4096, &ivhd));
	EXPECT_FALSE(platform_matches(&pf, "aarch64", 4096, &dmar));
	pf.page_size = 16384;
	EXPECT_FALSE(platform_matches(&pf, "x86_64", 4096, &dmar));
	pf.page_size = 0;
	pf.iommu[0] = '\0';
	strcpy(pf.iommu_driver, "virtio_iommu");
	EXPECT_TRUE(platform_matches(&pf, "x86_64", 4096, &viommu));
	EXPECT_FALSE(platform_matches(&pf, "x86_64", 4096, &dmar));
}

struct bad_text {
	const char *text;
	const char *diagnosis;
};

static const struct bad_text bad_platforms[] = {
	{ "[platform]\nname = x\narch = x86_64\niommu = d*\ncolour = red\n",
	  "p.ini:5: [platform] colour: unknown key" },
	{ "[platform]\nname = x\narch = x86_64\niommu = d*\n[iova_pgsizes]\nmust = 4096\n",
	  "p.ini:6: [iova_pgsizes] must: expected a 0x hex bitmap" },
	{ "[platform]\nname = x\narch = x86_64\niommu = d*\n[window w]\nstart = 0x10\ntype = doorbell\n",
	  "p.ini:7: [window w] type: expected msi, reserved or direct" },
	{ "[platform]\nname = x\narch = x86_64\niommu = d*\npage_size = 3000\n",
	  "p.ini:5: [platform] page_size: expected a power of two" },
	{ "[gadgets]\nx = 1\n", "p.ini:2: [gadgets] x: unknown section" },
	{ "[platform]\nname = x\narch = s390x\niommu = s*\ndma_fault = explodes\n",
	  "p.ini:5: [platform] dma_fault: expected isolates or reported" },
	{ "[platform]\nname = x\narch = x86_64\n[iova_pgsizes]\nmay = 0x1000\n",
	  "p.ini: [platform] needs name, arch and iommu or iommu_driver" },
	{ "[platform]\nname = x\narch = x86_64\niommu = d*\n[iova_pgsizes]\nmust = 0x3000\nmay = 0x1000\n",
	  "must within may" },
	{ "[platform]\nname = x\narch = x86_64\niommu = d*\n[iova_pgsizes]\nmay = 0x1000\n"
	  "[iova_pgsizes before c]\nmust = 0x1000\n",
	  "p.ini: [iova_pgsizes before c] needs may, and must within may" },
	{ "[platform]\nname = x\narch = x86_64\niommu = d*\n[iova_pgsizes]\nmay = 0x1000\n"
	  "[iova_pgsizes before c]\nmay = 0x1000\n[iova_pgsizes before d]\nmay = 0x1000\n",
	  "p.ini:10: [iova_pgsizes before d] may: a second [iova_pgsizes before CHANGE]" },
	{ "[platform]\nname = x\narch = x86_64\niommu = d*\n[iova_pgsizes]\nmay = 0x1000\n[window w]\nstart = 0x20\nend = 0x10\ntype = msi\n",
	  "p.ini: [window w] needs start <= end and type" },
	{ "[platform]\nno equals here\n", "p.ini:2: not an INI line" },
};

TEST(malformed_platform_fixtures_name_file_line_and_key)
{
	struct platform pf;
	struct problem p;

	for (size_t i = 0; i < sizeof(bad_platforms) / sizeof(bad_platforms[0]); i++) {
		EXPECT_EQ(PLATFORM_MALFORMED, platform_parse(bad_platforms[i].text, "p.ini", &pf, &p))
			TH_LOG("case %zu", i);
		EXPECT_CONTAINS(p.text, bad_platforms[i].diagnosis) TH_LOG("case %zu", i);
	}
}

static const char deviations[] =
	"[caps_8_byte_aligned]\n"
	"commit = a881b496941f\n"
	"title = vfio: align capability structures\n"
	"release = 6.6\n"
	"detect = probe dma_avail_cap_padded\n"
	"\n"
	"[leak_fixed]\n"
	"commit = cd24e2a60af6\n"
	"title = fix\n"
	"release = 6.6\n"
	"stable = 5.10.195 6.1.158\n"
	"detect = release\n";

TEST(kernel_changes_parse_and_decide_by_release)
{
	struct kernel_changes d;
	const struct kernel_change *leak;
	struct problem p;

	ASSERT_EQ(KCHANGE_OK, kernel_changes_parse(deviations, "k.ini", &d, &p)) TH_LOG("%s", p.text);
	ASSERT_EQ(2, d.count);
	EXPECT_EQ(DETECT_PROBE, d.list[0].detect);
	EXPECT_STREQ("dma_avail_cap_padded", d.list[0].probe);
	leak = kernel_change_find(&d, "leak_fixed");
	ASSERT_NOT_NULL(leak);
	EXPECT_EQ(7, leak->line);
	EXPECT_TRUE(kernel_change_in_release(leak, KERNEL_RELEASE(6, 6, 0)));
	EXPECT_TRUE(kernel_change_in_release(leak, KERNEL_RELEASE(6, 1, 192)));
	EXPECT_FALSE(kernel_change_in_release(leak, KERNEL_RELEASE(6, 1, 157)));
	EXPECT_FALSE(kernel_change_in_release(leak, KERNEL_RELEASE(6, 5, 200)));
	EXPECT_TRUE(kernel_change_in_release(leak, KERNEL_RELEASE(5, 10, 262)));
	EXPECT_FALSE(kernel_change_in_release(leak, KERNEL_RELEASE(5, 10, 194)));
	EXPECT_FALSE(kernel_change_in_release(leak, KERNEL_RELEASE(5, 15, 200)))
		TH_LOG("5.15.y is not in the stable list");
}

/* A stand-in probe: what a kernel would show. */
static bool probe_shows;
static int fake_probe(const char *name, int container, bool *present, struct problem *p)
{
	problem_clear(p);
	*present = probe_shows;
	return 0;
}

/*
 * A probe decides for a kernel older than the change (a backport); a
 * release that has the change but does not show it is a regression.
 */
TEST(probes_are_backed_by_releases)
{
	struct kernel_changes d;
	struct kernel_context k = { .release = "5.10.0-46-amd64", .version = "#1 SMP Debian 5.10.262-1",
				    .machine = "x86_64", .container = 3, .probe = fake_probe };
	const struct kernel_change *aligned;
	struct problem p;
	bool present;
	char how[160];

	ASSERT_EQ(KCHANGE_OK, kernel_changes_parse(deviations, "k.ini", &d, &p)) TH_LOG("%s", p.text);
	aligned = kernel_change_find(&d, "caps_8_byte_aligned");
	ASSERT_NOT_NULL(aligned);
	probe_shows = true;
	ASSERT_EQ(0, kernel_change_decide(aligned, &k, &present, how, sizeof(how), &p));
	EXPECT_TRUE(present) TH_LOG("5.10 with the change backported");
	EXPECT_STREQ("by probe dma_avail_cap_padded", how);
	probe_shows = false;
	ASSERT_EQ(0, kernel_change_decide(aligned, &k, &present, how, sizeof(how), &p));
	EXPECT_FALSE(present);
	k.release = "7.2.13+deb14-amd64";
	k.version = "#1 SMP Debian 7.2.13-1";
	EXPECT_EQ(KCHANGE_REGRESSION, kernel_change_decide(aligned, &k, &present, how, sizeof(how), &p));
	EXPECT_CONTAINS(p.text, "probe dma_avail_cap_padded says kernel 7.2.13+deb14-amd64 lacks caps_8_byte_aligned (a881b496941f \"vfio: align capability structures\"), but 6.6 has it: a regression");
}

static const char changes_with_arch[] =
	"[s390_only]\n"
	"commit = a4d996c2c4b5\n"
	"title = t\n"
	"release = 6.2\n"
	"arch = s390x\n"
	"detect = release\n"
	"\n"
	"[probed]\n"
	"commit = a881b496941f\n"
	"title = t\n"
	"release = 6.6\n"
	"detect = probe dma_avail_cap_padded\n";

/* Override first, then moot on another arch, then release; probes need a container. */
TEST(kernel_change_decisions_say_how)
{
	struct kernel_changes d;
	struct kernel_context k = { .release = "6.1.0-56-s390x", .version = "#1 SMP Debian 6.1.192-2",
				    .machine = "s390x", .container = -1 };
	const struct kernel_change *s390, *probed;
	struct problem p;
	bool present = true;
	char how[160];

	ASSERT_EQ(KCHANGE_OK, kernel_changes_parse(changes_with_arch, "k.ini", &d, &p)) TH_LOG("%s", p.text);
	s390 = kernel_change_find(&d, "s390_only");
	probed = kernel_change_find(&d, "probed");
	ASSERT_NOT_NULL(s390);
	ASSERT_NOT_NULL(probed);

	ASSERT_EQ(0, kernel_change_decide(s390, &k, &present, how, sizeof(how), &p)) TH_LOG("%s", p.text);
	EXPECT_FALSE(present);
	EXPECT_STREQ("by release 6.1.192", how);

	k.machine = "x86_64";
	ASSERT_EQ(0, kernel_change_decide(s390, &k, &present, how, sizeof(how), &p));
	EXPECT_TRUE(present);
	EXPECT_CONTAINS(how, "moot: it concerns s390x only, this is x86_64");

	setenv(KERNEL_CHANGE_OVERRIDE "s390_only", "n", 1);
	ASSERT_EQ(0, kernel_change_decide(s390, &k, &present, how, sizeof(how), &p));
	EXPECT_FALSE(present);
	EXPECT_STREQ("by VFIO_CONFORMANCE_HAS_s390_only=n", how);
	setenv(KERNEL_CHANGE_OVERRIDE "s390_only", "maybe", 1);
	EXPECT_EQ(KCHANGE_BAD_VALUE, kernel_change_decide(s390, &k, &present, how, sizeof(how), &p));
	EXPECT_CONTAINS(p.text, "VFIO_CONFORMANCE_HAS_s390_only=maybe: say y or n");
	unsetenv(KERNEL_CHANGE_OVERRIDE "s390_only");

	EXPECT_EQ(KCHANGE_UNDECIDED, kernel_change_decide(probed, &k, &present, how, sizeof(how), &p));
	EXPECT_CONTAINS(p.text, "probe dma_avail_cap_padded needs a container");
	k.release = "not-a-release";
	EXPECT_EQ(KCHANGE_UNDECIDED, kernel_change_decide(s390, &(struct kernel_context){
		.release = "x", .version = "", .machine = "s390x", .container = -1 },
		&present, how, sizeof(how), &p));
	EXPECT_CONTAINS(p.text, "cannot read a release from uname 'x'");
}

TEST(debian_release_reads_the_stable_level_from_uname_v)
{
	EXPECT_EQ(KERNEL_RELEASE(6, 1, 192),
		  kernel_release_code("6.1.0-56-amd64",
				      "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)"));
	EXPECT_EQ(KERNEL_RELEASE(6, 12, 117),
		  kernel_release_code("6.12.117+deb12-amd64", "#1 SMP Debian 6.12.117-1~deb12u1"));
	EXPECT_EQ(KERNEL_RELEASE(6, 18, 2), kernel_release_code("6.18.2", "#1 SMP"));
	EXPECT_EQ(KERNEL_RELEASE(5, 10, 262),
		  kernel_release_code("5.10.0-46-amd64", "#1 SMP Debian 5.10.262-1 (2026-10-30)"))
		TH_LOG("a stable level past 255 stays itself");
	EXPECT_EQ(0, kernel_release_code("linux", "#1"));
}

static const struct bad_text bad_deviations[] = {
	{ "[x]\ncommit = v6.6\n", "k.ini:2: [x] commit: expected an upstream commit id" },
	{ "[x]\ncommit = a881b496941f\ndetect = probe crystal_ball\n",
	  "k.ini:3: [x] detect: expected 'release' or 'probe NAME'" },
	{ "[x]\nrelease = six\n", "k.ini:2: [x] release: expected a kernel release" },
	{ "[x]\nstable = 6.1\n", "k.ini:2: [x] stable: expected stable releases" },
	{ "[x]\nstable = 5.10.195 6.1\n", "k.ini:2: [x] stable: expected stable releases" },
	{ "[x]\ncommit = unknown\n", "k.ini:2: [x] commit: expected an upstream commit id" },
	{ "[x]\nsince = 6.6\n", "k.ini:2: [x] since: unknown key" },
	{ "[Bad Name]\ncommit = a881b496941f\n", "k.ini:2: [Bad Name] commit: keys belong in a [lowercase_name]" },
	{ "[x]\ncommit = a881b496941f\ntitle = t\ndetect = release\n", "k.ini:1: [x] missing key: release" },
};

TEST(malformed_kernel_changes_name_file_line_and_key)
{
	struct kernel_changes d;
	struct problem p;

	for (size_t i = 0; i < sizeof(bad_deviations) / sizeof(bad_deviations[0]); i++) {
		EXPECT_NE(KCHANGE_OK, kernel_changes_parse(bad_deviations[i].text, "k.ini", &d, &p))
			TH_LOG("case %zu", i);
		EXPECT_CONTAINS(p.text, bad_deviations[i].diagnosis) TH_LOG("case %zu", i);
	}
}

static const char *fixtures_dir(void)
{
	const char *dir = getenv("VFIO_CONFORMANCE_FIXTURES");

	return dir ? dir : "fixtures";
}

TEST(shipped_fixtures_parse)
{
	struct kernel_changes d;
	struct platform pf;
	struct problem p;
	char path[512];
	struct dirent *e;
	DIR *dir;
	int platforms = 0;

	snprintf(path, sizeof(path), "%s/kernel-changes.ini", fixtures_dir());
	EXPECT_EQ(KCHANGE_OK, kernel_changes_load(path, &d, &p)) TH_LOG("%s", p.text);
	snprintf(path, sizeof(path), "%s/platforms", fixtures_dir());
	dir = opendir(path);
	ASSERT_NOT_NULL(dir);
	while ((e = readdir(dir))) {
		if (!strstr(e->d_name, ".ini"))
			continue;
		snprintf(path, sizeof(path), "%s/platforms/%s", fixtures_dir(), e->d_name);
		EXPECT_EQ(PLATFORM_OK, platform_load(path, &pf, &p)) TH_LOG("%s", p.text);
		platforms++;
	}
	closedir(dir);
	EXPECT_LE(5, platforms);
}

TEST_HARNESS_MAIN
