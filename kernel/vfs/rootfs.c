/* The root file system at boot (rootfs.h). */
#include <errno.h>
#include <string.h>

#include "cpio.h"
#include "dev.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "kernel/thread.h"
#include "ramfs.h"
#include "rootfs.h"

/* The archive `make ROOTFS=dir` links into the image (none: both NULL). */
extern const char amphi_rootfs_start[] __attribute__((weak));
extern const char amphi_rootfs_end[] __attribute__((weak));

struct timespec vfs_now(void)
{
	uint64_t ns = time_wall_ns();
	return (struct timespec){ (time_t)(ns / 1000000000u), (long)(ns % 1000000000u) };
}

static int unpack(struct vnode *root, const char *what, const void *archive, size_t len)
{
	size_t off;
	const char *why;
	int err = cpio_unpack(root, archive, len, &off, &why);
	if (err)
		kprintf("amphi: initramfs (%s, %lu bytes): %s at offset %lu (%s)\n", what,
			(unsigned long)len, why ? why : "error", (unsigned long)off, strerror(-err));
	return err;
}

/* mkdir path with exactly mode, whatever the umask. */
static int mkdir_mode(struct vnode *root, const char *path, mode_t mode)
{
	struct vnode *dir;
	int err = vfs_mkdir(root, path, mode);
	if (!err && !(err = vfs_lookup(root, path, 0, &dir))) {
		err = vfs_chmod(dir, mode);
		vnode_put(dir);
	}
	return err;
}

int rootfs_init(const struct boot_info *bi)
{
	struct mount *m = ramfs_new();
	int err = m ? vfs_mount("/", m) : -ENOMEM;
	struct vnode *root = err ? NULL : vfs_root();
	if (!err)
		err = dev_init();
	if (!err)
		err = mkdir_mode(root, "/tmp", 01777);
	if (!err)
		err = dev_open_stdio();
	if (err) {
		kprintf("amphi: cannot set up the root file system: %s\n", strerror(-err));
		vnode_put(root);
		return err;
	}
	const char *image = amphi_rootfs_start, *image_end = amphi_rootfs_end;
	if (image && image_end > image)
		err = unpack(root, "in the image", image, (size_t)(image_end - image));
	for (unsigned i = 0; !err && i < bi->nmod; i++)
		err = unpack(root, "boot module", phys_to_virt(bi->mod[i].paddr), bi->mod[i].len);
	vnode_put(root);
	return err;
}
