// SPDX-License-Identifier: GPL-2.0-only
/*
 * container: the container's own ioctls before and after an IOMMU backend
 * is set (SPEC §2; A9-A17, A53).
 */
#include <sys/ioctl.h>

#include "live.h"

static int info_call(int container)
{
	uint8_t buf[64] = { 0 };

	store_u32(buf, kabi_off(vfio_iommu_type1_info, argsz), sizeof(buf));
	return __vfio_iommu_get_info(container, buf);
}

static int ioctl_errno(int fd, unsigned long request)
{
	return ioctl(fd, request) < 0 ? -errno : 0;
}

FIXTURE(container) {
	int container, group;
};

FIXTURE_VARIANT(container) {
	const struct backend *backend;
};
LIVE_BACKENDS(container);

FIXTURE_SETUP(container)
{
	self->container = live_container_open(variant->backend);
	self->group = vfio_group_open(live.duts[0].group);
}

FIXTURE_TEARDOWN(container)
{
	LIVE_DUMP_IF_FAILED(-1);
	live_close(&self->container, &self->group);
}

/* A9 */
TEST_F(container, api_version_is_0)
{
	EXPECT_EQ(VFIO_API_VERSION, __vfio_get_api_version(self->container));
}

/*
 * A10, A11, A12, A13, A65, A67: what a fresh container claims, with type1
 * loaded. UNMAP_ALL from 5.12; UPDATE_VADDR too, on a fresh container only
 * until it was kept for containers with a non-mdev group (ef3a3f6a294b).
 */
TEST_F(container, fresh_container_extensions)
{
	int nesting_gone = live_kernel_has(self->container, "nesting_iommu_removed");
	int unmap_all = live_kernel_has(self->container, "unmap_all_and_vaddr");
	int vaddr_needs_group = live_kernel_has(self->container, "vaddr_excludes_mdev");
	FILE *f = fopen("/sys/module/vfio/parameters/enable_unsafe_noiommu_mode", "r");
	int noiommu = f && fgetc(f) == 'Y';

	if (f)
		fclose(f);
	ASSERT_LE(0, nesting_gone);
	ASSERT_LE(0, unmap_all);
	ASSERT_LE(0, vaddr_needs_group);
	EXPECT_EQ(1, __vfio_check_extension(self->container, VFIO_TYPE1_IOMMU));
	EXPECT_EQ(1, __vfio_check_extension(self->container, VFIO_TYPE1v2_IOMMU));
	EXPECT_EQ(unmap_all, __vfio_check_extension(self->container, VFIO_UNMAP_ALL));
	EXPECT_EQ(unmap_all && !vaddr_needs_group,
		  __vfio_check_extension(self->container, VFIO_UPDATE_VADDR));
	EXPECT_EQ(0, __vfio_check_extension(self->container, VFIO_DMA_CC_IOMMU));
	EXPECT_EQ(0, __vfio_check_extension(self->container, 0));
	EXPECT_EQ(0, __vfio_check_extension(self->container, 11));
	EXPECT_EQ(0, __vfio_check_extension(self->container, 0x7fffffff));
	EXPECT_EQ(nesting_gone ? 0 : 1, __vfio_check_extension(self->container, 6));
	EXPECT_EQ(noiommu, __vfio_check_extension(self->container, VFIO_NOIOMMU_IOMMU));
}

/* A14: with no backend set, every IOMMU ioctl is EINVAL. */
TEST_F(container, iommu_ioctls_without_backend_are_einval)
{
	struct dma_buffer buf;

	dma_buffer_alloc(&buf, live.page, 1);
	EXPECT_ERRNO(EINVAL, info_call(self->container));
	EXPECT_ERRNO(EINVAL, __vfio_map_dma(self->container, (uintptr_t)buf.p, 0, live.page, VFIO_RW));
	EXPECT_ERRNO(EINVAL, __vfio_unmap_dma(self->container, 0, live.page, 0, NULL));
	EXPECT_ERRNO(EINVAL, ioctl_errno(self->container, VFIO_IOMMU_ENABLE));
	dma_buffer_free(&buf);
}

/* A15: a backend needs a group first. */
TEST_F(container, set_iommu_without_group_is_einval)
{
	EXPECT_ERRNO(EINVAL, __vfio_set_iommu(self->container, VFIO_TYPE1v2_IOMMU));
}

/*
 * A66: SET_IOMMU(x) for an x that is no backend is ENODEV when no driver
 * claims x (CHECK_EXTENSION of a fresh container says 0), EINVAL when one
 * claims it but type1's open refuses it; the container stays unset.
 */
static void expect_set_iommu_refused(struct __test_metadata *_metadata,
				     const struct backend *b, int container, unsigned long x)
{
	int fresh = live_container_open(b);
	int claimed = __vfio_check_extension(fresh, x);

	close(fresh);
	ASSERT_LE(0, claimed);
	EXPECT_ERRNO(claimed ? EINVAL : ENODEV, __vfio_set_iommu(container, x))
		TH_LOG("SET_IOMMU(%lu), which a fresh container %s", x,
		       claimed ? "claims" : "does not claim");
}

/*
 * A16, A17, A13, A65, A66, A68: an unknown backend is ENODEV; UNMAP_ALL is
 * EINVAL where type1 claims it (5.12) and ENODEV before; after the removal
 * of nesting (6.13) SET_IOMMU(6) is ENODEV too; each refusal leaves the
 * container unset, so type1v2 is then set, once only; then unknown ioctls
 * are ENOTTY and UPDATE_VADDR is offered where the kernel has it.
 */
TEST_F(container, set_iommu_rules)
{
	int unmap_all = live_kernel_has(self->container, "unmap_all_and_vaddr");
	int nesting_gone = live_kernel_has(self->container, "nesting_iommu_removed");

	ASSERT_LE(0, unmap_all);
	ASSERT_LE(0, nesting_gone);
	vfio_group_set_container(self->group, self->container);
	EXPECT_ERRNO(ENODEV, __vfio_set_iommu(self->container, 99));
	EXPECT_ERRNO(unmap_all ? EINVAL : ENODEV, __vfio_set_iommu(self->container, VFIO_UNMAP_ALL));
	expect_set_iommu_refused(_metadata, variant->backend, self->container, VFIO_UNMAP_ALL);
	expect_set_iommu_refused(_metadata, variant->backend, self->container, VFIO_UPDATE_VADDR);
	/* before 6.13 SET_IOMMU(6) may succeed (SMMUv3): not tried there */
	if (nesting_gone)
		EXPECT_ERRNO(ENODEV, __vfio_set_iommu(self->container, 6));
	vfio_set_iommu(self->container, variant->backend->iommu_type);
	EXPECT_ERRNO(EINVAL, __vfio_set_iommu(self->container, variant->backend->iommu_type));
	EXPECT_ERRNO(ENOTTY, ioctl_errno(self->container, VFIO_IOMMU_ENABLE));
	EXPECT_EQ(unmap_all, __vfio_check_extension(self->container, VFIO_UPDATE_VADDR));
	EXPECT_EQ(!nesting_gone, __vfio_check_extension(self->container, 6));
}

/* A53: once the last group leaves, the backend is gone again. */
TEST_F(container, get_info_after_last_group_leaves_is_einval)
{
	vfio_group_set_container(self->group, self->container);
	vfio_set_iommu(self->container, variant->backend->iommu_type);
	ASSERT_EQ(0, info_call(self->container));
	vfio_group_unset_container(self->group);
	EXPECT_ERRNO(EINVAL, info_call(self->container));
}

LIVE_MAIN
