/*
 * The root file system at boot: a ramfs with /dev and /tmp, descriptors 0-2
 * on the console, then the initramfs: the archive embedded in the image
 * (make ROOTFS=dir) and every boot module (QEMU -initrd, Xen ramdisk=, the
 * UEFI loader's), unpacked in that order so a module's files replace the
 * image's.
 */
#ifndef AMPHI_ROOTFS_H
#define AMPHI_ROOTFS_H

#include "platform/platform.h"

/* 0, or a negative errno after printing why (the boot stops). */
int rootfs_init(const struct boot_info *bi);

#endif
