// SPDX-License-Identifier: GPL-2.0-only
/*
 * unit_vfio_calls: the raw wrappers return -errno and never assert, and
 * the argsz-growth fetch follows the protocol of SPEC §2 against a fake
 * kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "crafted.h"
#include "kselftest_harness.h"
#include "vfio_assert.h"

/*
 * What the kernel (or, for foreign ABIs, qemu-user, which answers unknown
 * ioctls with ENOSYS) says to the same request made directly.
 */
static int direct_errno(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg) < 0 ? -errno : 0;
}

TEST(raw_calls_return_negative_errno)
{
	int fd = open("/dev/null", O_RDWR);
	uint64_t unmapped = 7;
	uint8_t info[24] = { 24 };

	ASSERT_LE(0, fd);
	EXPECT_GT(0, direct_errno(fd, VFIO_GET_API_VERSION, NULL));
	EXPECT_EQ(direct_errno(-1, VFIO_GET_API_VERSION, NULL), __vfio_get_api_version(-1));
	EXPECT_EQ(direct_errno(fd, VFIO_GET_API_VERSION, NULL), __vfio_get_api_version(fd));
	EXPECT_EQ(direct_errno(fd, VFIO_CHECK_EXTENSION, (void *)3), __vfio_check_extension(fd, 3));
	EXPECT_EQ(direct_errno(fd, VFIO_SET_IOMMU, (void *)3), __vfio_set_iommu(fd, 3));
	EXPECT_EQ(direct_errno(fd, VFIO_IOMMU_GET_INFO, info), __vfio_iommu_get_info(fd, info));
	EXPECT_EQ(direct_errno(fd, VFIO_IOMMU_MAP_DMA, info),
		  __vfio_map_dma(fd, 0, 0, 4096, VFIO_RW));
	EXPECT_EQ(direct_errno(fd, VFIO_IOMMU_UNMAP_DMA, info),
		  __vfio_unmap_dma(fd, 0, 4096, 0, &unmapped));
	close(fd);
}

/* Where the ioctls are real (this ABI's own kernel): the exact errnos. */
TEST(raw_calls_pass_the_kernels_errno)
{
	int fd = open("/dev/null", O_RDWR);

	ASSERT_LE(0, fd);
	if (direct_errno(fd, VFIO_GET_API_VERSION, NULL) == -ENOSYS)
		SKIP(close(fd); return, "ioctls are emulated here (qemu-user answers ENOSYS)");
	EXPECT_ERRNO(EBADF, __vfio_get_api_version(-1));
	EXPECT_ERRNO(ENOTTY, __vfio_get_api_version(fd));
	EXPECT_ERRNO(ENOTTY, __vfio_map_dma(fd, 0, 0, 4096, VFIO_RW));
	close(fd);
}

TEST(missing_group_is_enoent)
{
	EXPECT_ERRNO(ENOENT, __vfio_group_open(999999));
}

/* A fake VFIO_IOMMU_GET_INFO: the 6.1 VT-d reply of 116 bytes. */
static int calls;

static int fake_get_info(int fd, void *buf)
{
	uint8_t full[128];
	uint32_t need = put_vtd_info(full, 0);
	uint32_t argsz = load_u32(buf, 0);

	(void)fd;
	calls++;
	if (argsz < 16)
		return -EINVAL;
	if (argsz < need) {
		store_u32(buf, 0, need);
		store_u32(buf, 4, 3);
		return 0;
	}
	memcpy(buf, full, need);
	store_u32(buf, 0, argsz);
	return 0;
}

TEST(fetch_grows_to_the_size_asked_for)
{
	struct vfio_info_buf info;

	calls = 0;
	ASSERT_EQ(0, __vfio_info_fetch(0, fake_get_info, 24, &info));
	EXPECT_EQ(2, calls);
	EXPECT_EQ(116, info.len);
	EXPECT_EQ(116, vfio_info_argsz(&info));
	EXPECT_EQ(3, vfio_info_flags(&info));
	EXPECT_EQ(0x40201000, vfio_iommu_info_pgsizes(&info));
	EXPECT_EQ(24, vfio_iommu_info_cap_offset(&info));
	vfio_info_buf_free(&info);
}

static int ever_growing(int fd, void *buf)
{
	(void)fd;
	store_u32(buf, 0, load_u32(buf, 0) + 8);
	return 0;
}

static int absurd(int fd, void *buf)
{
	(void)fd;
	store_u32(buf, 0, 0xfffffff0u);
	return 0;
}

static int failing(int fd, void *buf)
{
	(void)fd;
	(void)buf;
	return -EINVAL;
}

TEST(fetch_gives_up_on_a_misbehaving_kernel)
{
	struct vfio_info_buf info;

	EXPECT_ERRNO(EAGAIN, __vfio_info_fetch(0, ever_growing, 24, &info));
	EXPECT_NULL(info.buf);
	EXPECT_ERRNO(E2BIG, __vfio_info_fetch(0, absurd, 24, &info));
	EXPECT_ERRNO(EINVAL, __vfio_info_fetch(0, failing, 24, &info));
}

TEST_HARNESS_MAIN
