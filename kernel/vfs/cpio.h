/*
 * The cpio "newc" archive format (what `cpio -H newc` writes and Linux's
 * initramfs reads): a 110-byte ASCII header per entry, its name, its data,
 * each padded to 4 bytes, ending with an entry named "TRAILER!!!".
 * cpio_next() parses one entry and checks every length against the archive;
 * cpio_unpack() creates the entries in the VFS.
 */
#ifndef AMPHI_CPIO_H
#define AMPHI_CPIO_H

#include <stddef.h>
#include <stdint.h>

#include "vfs.h"

struct cpio_entry {
	const char *name; /* NUL-terminated, inside the archive */
	size_t namelen;
	const void *data;
	uint64_t size;
	uint32_t ino, mode, uid, gid, nlink, mtime, dev, rdev;
};

/* The entry at *off: 1 (and *off moves past it), 0 at the trailer, or a
 * negative errno (-EINVAL corrupt, -ENODATA truncated) with *off left at
 * the bad entry. */
int cpio_next(const void *archive, size_t len, size_t *off, struct cpio_entry *out);

/* Create every entry of the archive under dir: directories, regular files,
 * symlinks, character devices and FIFOs with their modes, owners and
 * modification times; hard links (newc's repeated inode numbers) as links.
 * 0, or a negative errno with *bad_off the offset of the entry at fault and
 * *why a message. */
int cpio_unpack(struct vnode *dir, const void *archive, size_t len, size_t *bad_off,
		const char **why);

#endif
