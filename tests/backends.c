// SPDX-License-Identifier: GPL-2.0-only
/*
 * backends: which implementation serves each container node, and whether
 * the detection rules agree (SPEC 8.2; A60, A78). One result per row of
 * lib/backend.h's table: present and soundly detected, or one SKIP saying
 * why the machine has no such backend. The other programs run each test
 * on every backend this program passes.
 */
#include "live.h"
#include "iommufd_calls.h"

FIXTURE(backends) {
	int container, group;
};

FIXTURE_VARIANT(backends) {
	const struct backend *backend;
};
LIVE_BACKENDS(backends);

FIXTURE_SETUP(backends)
{
	struct problem why;

	self->container = self->group = -1;
	if (!backend_present(variant->backend, &why))
		SKIP(return, "%s", why.text);
	self->container = live_container_open(variant->backend);
}

FIXTURE_TEARDOWN(backends)
{
	LIVE_DUMP_IF_FAILED(self->container);
	live_close(&self->container, &self->group);
}

/*
 * A60, A78: a fresh node's answers tell the implementation (8.2 (1) and
 * (2)); with a group and a backend set, GET_INFO's chain agrees (8.2 (3)):
 * compat never emits the migration cap and reports DMA_AVAIL U32_MAX, type1
 * emits the migration cap from 5.8.
 */
TEST_F(backends, detection_is_sound)
{
	bool compat = variant->backend->impl == BACKEND_IOMMUFD_COMPAT;
	struct info_chain ic;
	struct problem p;
	uint32_t ioas = 0, avail;
	int migration = 0;

	EXPECT_EQ(compat ? -ENODEV : 0, __vfio_check_extension(self->container, VFIO_DMA_CC_IOMMU));
	EXPECT_ERRNO(compat ? ENODEV : EINVAL, __iommufd_vfio_ioas_get(self->container, &ioas))
		TH_LOG("IOMMU_VFIO_IOAS GET on a fresh %s", variant->backend->node);
	self->group = vfio_group_open(live.duts[0].group);
	vfio_group_set_container(self->group, self->container);
	vfio_set_iommu(self->container, variant->backend->iommu_type);
	if (compat) {
		EXPECT_EQ(0, __iommufd_vfio_ioas_get(self->container, &ioas));
		EXPECT_NE(0, ioas) TH_LOG("the compat IOAS has no id");
	} else {
		EXPECT_ERRNO(ENOTTY, __iommufd_vfio_ioas_get(self->container, &ioas));
		migration = live_kernel_has(self->container, "migration_cap");
		ASSERT_LE(0, migration);
	}
	ASSERT_EQ(0, __iommu_info_read(self->container, &ic, &p)) TH_LOG("%s", p.text);
	EXPECT_EQ(migration, info_chain_cap(&ic, KABI_CAP_MIGRATION, &p) != NULL)
		TH_LOG("%s: the migration cap is %s", backend_impl_name(variant->backend->impl),
		       migration ? "missing" : "there");
	info_chain_free(&ic);
	if (compat) {
		ASSERT_EQ(0, __iommu_dma_avail(self->container, &avail, &p)) TH_LOG("%s", p.text);
		EXPECT_EQ(0xffffffffu, avail);
	}
}

int main(int argc, char **argv)
{
	/* every row, present or not: this program reports the absent ones */
	live_init();
	return test_harness_run(argc, argv);
}
