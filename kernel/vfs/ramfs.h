/*
 * ramfs: the writable in-memory file system, Amphi's root by default. File
 * contents live in whole pages from the page allocator (page_alloc), taken
 * as a file grows and given back when it shrinks or goes away; when memory
 * is full a write stops short or fails with ENOSPC.
 */
#ifndef AMPHI_RAMFS_H
#define AMPHI_RAMFS_H

#include "vfs.h"

/* A new, empty ramfs (its root directory has mode 0755) ready for
 * vfs_mount(), or NULL when memory is full. */
struct mount *ramfs_new(void);
/* Free a ramfs that is not mounted and of which no vnode is referenced. */
void ramfs_destroy(struct mount *mnt);

#endif
