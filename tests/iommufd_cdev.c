// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd_cdev: a device's VFIO cdev before and at its bind to an iommufd
 * (SPEC 8.7; A82).
 */
#include "iommufd.h"

FIXTURE(iommufd_cdev) {
	int iommufd, device, group;
};

FIXTURE_SETUP(iommufd_cdev)
{
	self->group = -1;
	self->iommufd = ASSERT_CALL("open " IOMMUFD_PATH, __iommufd_open());
	self->device = ASSERT_CALL("open the VFIO cdev", __vfio_cdev_open(PCI_SYSFS, live.duts[0].bdf));
}

FIXTURE_TEARDOWN(iommufd_cdev)
{
	if (_metadata->exit_code == KSFT_FAIL)
		live_dump_context(-1);
	if (self->group >= 0)
		close(self->group);
	close(self->device);
	close(self->iommufd);
}

/*
 * A82: before a bind every other device ioctl is EINVAL; an unknown bind
 * flag is EINVAL; with the group's fd open the bind is EBUSY (the group
 * path and the cdev exclude each other); then it binds, once.
 */
TEST_F(iommufd_cdev, bind_rules)
{
	uint8_t info[32] = { 0 };
	uint32_t devid;

	store_u32(info, 0, sizeof(info));
	EXPECT_ERRNO(EINVAL, __vfio_device_get_info(self->device, info))
		TH_LOG("VFIO_DEVICE_GET_INFO on a cdev not yet bound");
	EXPECT_ERRNO(EINVAL, __vfio_device_bind_iommufd(self->device, self->iommufd, 1u << 1, &devid));
	self->group = vfio_group_open(live.duts[0].group);
	EXPECT_ERRNO(EBUSY, __vfio_device_bind_iommufd(self->device, self->iommufd, 0, &devid))
		TH_LOG("BIND with /dev/vfio/%u open", live.duts[0].group);
	close(self->group);
	self->group = -1;
	ASSERT_EQ(0, __vfio_device_bind_iommufd(self->device, self->iommufd, 0, &devid));
	EXPECT_ERRNO(EINVAL, __vfio_device_bind_iommufd(self->device, self->iommufd, 0, &devid))
		TH_LOG("a second BIND");
	EXPECT_EQ(0, __vfio_device_get_info(self->device, info)) TH_LOG("GET_INFO once bound");
}

IOMMUFD_MAIN
