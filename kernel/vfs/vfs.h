/*
 * The virtual file system: one name space of mounted file systems, vnodes
 * (a file, directory, symlink or device as a file system knows it) and open
 * files, shared by every platform. libc-shim's POSIX calls are thin wrappers
 * over this header; file systems (ramfs here, ext4 over a block device
 * later) plug in through struct vnode_ops.
 *
 * Conventions: every call returns 0 (or a count) on success and a negative
 * errno on failure, as Linux's system calls do. A vnode handed out by a call
 * is referenced: the caller owns one reference and drops it with
 * vnode_put(). The scheduler is cooperative and no interrupt handler touches
 * the VFS, so no call here takes a lock; a call that blocks (a pipe's read)
 * re-checks its state after waking.
 */
#ifndef AMPHI_VFS_H
#define AMPHI_VFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#define VFS_PATH_MAX 4096  /* bytes, with the terminating NUL (PATH_MAX) */
#define VFS_NAME_MAX 255   /* bytes of one path component (NAME_MAX) */
#define VFS_SYMLOOP_MAX 40 /* symlinks followed in one lookup, as on Linux */

struct vnode;
struct mount;
struct vfs_statfs;
struct pipe;

/* One directory entry, as readdir hands it out. */
struct vfs_dirent {
	uint64_t ino;
	unsigned type; /* the S_IFMT bits of the entry's mode */
	char name[VFS_NAME_MAX + 1];
};

/* What setattr persists: the vnode's fields named by mask are already set. */
#define VATTR_MODE 1u
#define VATTR_OWNER 2u
#define VATTR_TIMES 4u

/*
 * What a file system implements. Directory operations receive a referenced
 * directory vnode and a component name (not NUL-terminated: name, len; never
 * "." or "..", except that lookup must answer ".."), and only ever for
 * vnodes of their own mount. The VFS has already checked the name's length,
 * that dir is a directory and, for create/symlink/link, that the name is
 * not taken; the file system checks what only it can know (ENOSPC,
 * ENOTEMPTY). Operations a file system leaves NULL fail with EPERM
 * (namespace changes) or EINVAL (I/O).
 */
struct vnode_ops {
	/* The entry name in dir (".." is dir's parent; the root's parent is
	 * itself), referenced, or -ENOENT. */
	int (*lookup)(struct vnode *dir, const char *name, size_t len, struct vnode **out);
	/* A new regular file, directory or device (mode's S_IFMT bits) named
	 * name in dir, referenced. rdev names the device for S_IFCHR. */
	int (*create)(struct vnode *dir, const char *name, size_t len, mode_t mode, dev_t rdev,
		      struct vnode **out);
	int (*symlink)(struct vnode *dir, const char *name, size_t len, const char *target,
		       struct vnode **out);
	/* A second name for the non-directory vn. */
	int (*link)(struct vnode *dir, const char *name, size_t len, struct vnode *vn);
	/* Remove the entry name (a directory's only when it is empty, else
	 * -ENOTEMPTY). The vnode lives on while referenced. */
	int (*remove)(struct vnode *dir, const char *name, size_t len);
	/* Move odir/oname to ndir/nname in one step, replacing what nname
	 * names (the VFS has checked that the two are of compatible types and
	 * not the same vnode; an occupied target directory must be empty). */
	int (*rename)(struct vnode *odir, const char *oname, size_t olen, struct vnode *ndir,
		      const char *nname, size_t nlen);

	ssize_t (*read)(struct vnode *vn, void *buf, size_t len, uint64_t off);
	/* Writes may be short only when the file system is full (then -ENOSPC
	 * if nothing was written). */
	ssize_t (*write)(struct vnode *vn, const void *buf, size_t len, uint64_t off);
	int (*truncate)(struct vnode *vn, uint64_t size);
	/* The target of a symlink, not NUL-terminated: its length. */
	ssize_t (*readlink)(struct vnode *vn, char *buf, size_t len);
	/* The entry at *pos (0 = the first), advancing *pos: 1, or 0 at the end. */
	int (*readdir)(struct vnode *dir, uint64_t *pos, struct vfs_dirent *out);
	int (*fsync)(struct vnode *vn);
	/* Persist the attributes named by mask (VATTR_*). */
	int (*setattr)(struct vnode *vn, unsigned mask);
	/* The last reference is gone: forget vn, and free it if it has no name. */
	void (*release)(struct vnode *vn);
	int (*statfs)(struct mount *mnt, struct vfs_statfs *out);
};

/* A file as the VFS sees it; file systems embed it in their own node. The
 * attributes are the file system's to keep current (size after a write,
 * nlink); the VFS updates mode, owner and times and calls setattr. */
struct vnode {
	const struct vnode_ops *ops;
	struct mount *mnt;
	struct mount *covered_by; /* a file system mounted on this directory */
	unsigned refs;
	uint64_t ino;
	mode_t mode;
	nlink_t nlink;
	uid_t uid;
	gid_t gid;
	dev_t rdev;
	uint64_t size;
	uint64_t blocks; /* 512-byte units in use */
	struct timespec atime, mtime, ctime;
	struct pipe *pipe; /* a FIFO's pipe while it is open (pipe.c) */
};

struct mount {
	struct vnode *root;
	struct vnode *covered; /* the directory it hides; NULL for "/" */
	void *fs;              /* the file system's own state */
	uint64_t dev;          /* st_dev of its vnodes */
	unsigned flags;        /* MNT_* */
	struct mount *next;
};
#define MNT_RDONLY 1u

struct vfs_statfs {
	uint64_t bsize, blocks, bfree, files, ffree, namemax;
};

/* -- vnodes -- */
void vnode_init(struct vnode *vn, const struct vnode_ops *ops, struct mount *mnt, mode_t mode);
struct vnode *vnode_get(struct vnode *vn); /* one more reference; returns vn */
void vnode_put(struct vnode *vn);
/* The current time for the file systems' timestamps (the wall clock). */
struct timespec vfs_now(void);
/* Set vn's mtime and ctime to now (after a change to its contents). */
void vnode_touch(struct vnode *vn);

/* -- the name space -- */
/* Make fs's root the file system at path (or the root of everything when no
 * root exists yet: path is then ignored). */
int vfs_mount(const char *path, struct mount *mnt);
struct vnode *vfs_root(void); /* referenced; NULL before the first mount */

/* Lookup flags. */
#define LOOKUP_FOLLOW 1u    /* follow a symlink in the last component */
#define LOOKUP_DIRECTORY 2u /* the result must be a directory (a trailing "/" implies it) */

/* path resolved from start (a directory; absolute paths ignore it). */
int vfs_lookup(struct vnode *start, const char *path, unsigned flags, struct vnode **out);
/* The directory that would hold path's last component, and that component
 * (a pointer into path, and its length; "." for "/" itself). */
int vfs_lookup_parent(struct vnode *start, const char *path, struct vnode **dir,
		      const char **name, size_t *len);

/* The operations every POSIX call is built from, by path from start. */
int vfs_create(struct vnode *start, const char *path, mode_t mode, dev_t rdev, int excl,
	       struct vnode **out);
int vfs_mkdir(struct vnode *start, const char *path, mode_t mode);
int vfs_symlink(const char *target, struct vnode *start, const char *path);
int vfs_link(struct vnode *ostart, const char *opath, struct vnode *nstart, const char *npath,
	     unsigned flags);
int vfs_unlink(struct vnode *start, const char *path);
int vfs_rmdir(struct vnode *start, const char *path);
int vfs_rename(struct vnode *ostart, const char *opath, struct vnode *nstart, const char *npath);
ssize_t vfs_readlink(struct vnode *start, const char *path, char *buf, size_t len);
int vfs_truncate(struct vnode *vn, uint64_t size);
int vfs_chmod(struct vnode *vn, mode_t mode);
int vfs_chown(struct vnode *vn, uid_t uid, gid_t gid);
/* times[0] access, times[1] modification; NULL = both now; UTIME_NOW and
 * UTIME_OMIT as in utimensat. */
int vfs_utimens(struct vnode *vn, const struct timespec times[2]);
int vfs_statfs(struct vnode *vn, struct vfs_statfs *out);
/* The absolute path of the directory dir into buf, NUL-terminated: its length. */
int vfs_getcwd(struct vnode *dir, char *buf, size_t len);

/* The file mode creation mask (umask). */
extern mode_t vfs_umask;

#endif
