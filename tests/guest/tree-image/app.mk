# The test tree of tests/guest/tree/mktree, packed into the image at /data.
APP_ROOTFS := $(BUILD)/test-rootfs/tree
APP_ROOTFS_AT := /data
$(APP_OBJDIR)/rootfs.cpio: | $(BUILD)/test-rootfs/tree
