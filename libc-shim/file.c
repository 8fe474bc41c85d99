/*
 * The POSIX file API over the VFS (kernel/vfs/): paths, descriptors,
 * attributes, the working directory. Each call checks its arguments as
 * Linux does, then hands over to one VFS call; errors come back as the
 * errno Linux gives. One process, one user: root, whose permission checks
 * always pass; modes, owners and times are stored and reported.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

#include "kernel/vfs/vfs.h"
#include "shim.h"

/* Linux's flag (newlib has none): fstatat(fd, "", st, AT_EMPTY_PATH) is fstat. */
#define AMPHI_AT_EMPTY_PATH 0x1000

static struct vnode *cwd; /* NULL: the root */

struct vnode *shim_start(int dirfd)
{
	if (dirfd == AT_FDCWD) {
		struct vnode *vn = cwd ? vnode_get(cwd) : vfs_root();
		if (!vn)
			errno = ENOENT;
		return vn;
	}
	struct file *f = shim_file(dirfd);
	if (!f)
		return NULL;
	if (!f->vn || !S_ISDIR(f->vn->mode)) {
		errno = ENOTDIR;
		return NULL;
	}
	return vnode_get(f->vn);
}

/* A path argument: NULL is EFAULT, as the kernel would say. */
static int bad_path(const char *path)
{
	if (!path) {
		errno = EFAULT;
		return 1;
	}
	return 0;
}

/* Run op(start, path...) from dirfd: the pattern of every *at() call. */
#define AT(dirfd, path, call)                                   \
	({                                                      \
		long r_ = -1;                                   \
		struct vnode *start = bad_path(path) ? NULL : shim_start(dirfd); \
		if (start) {                                    \
			r_ = sys_ret(call);                     \
			vnode_put(start);                       \
		}                                               \
		r_;                                             \
	})

int openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (bad_path(path))
		return -1;
	struct vnode *start = shim_start(dirfd), *vn;
	if (!start)
		return -1;
	int err;
	if (flags & O_CREAT) {
		err = vfs_create(start, path, S_IFREG | (mode & 07777), 0, flags & O_EXCL, &vn);
		if (!err && S_ISDIR(vn->mode) && !(flags & O_DIRECTORY)) {
			vnode_put(vn);
			err = -EISDIR;
		}
	} else
		err = vfs_lookup(start, path,
				 (flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
					 (flags & O_DIRECTORY ? LOOKUP_DIRECTORY : 0),
				 &vn);
	vnode_put(start);
	if (err)
		return (int)sys_ret(err);
	struct file *f = NULL;
	if (S_ISLNK(vn->mode))
		err = -ELOOP; /* O_NOFOLLOW on a symlink */
	else if ((flags & O_DIRECTORY) && !S_ISDIR(vn->mode))
		err = -ENOTDIR;
	else if ((flags & O_TRUNC) && S_ISREG(vn->mode) && (flags & O_ACCMODE) != O_RDONLY)
		err = vfs_truncate(vn, 0);
	if (!err)
		err = file_open_vnode(vn, flags, &f);
	vnode_put(vn);
	if (err)
		return (int)sys_ret(err);
	int fd = fd_install(f, 0, (flags & O_CLOEXEC) != 0);
	if (fd < 0)
		file_put(f);
	return (int)sys_ret(fd);
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int mode = flags & O_CREAT ? va_arg(ap, int) : 0;
	va_end(ap);
	return openat(AT_FDCWD, path, flags, mode);
}

int creat(const char *path, mode_t mode) { return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode); }

static void fill_stat(const struct vnode *vn, struct stat *st)
{
	*st = (struct stat){
		.st_dev = (dev_t)vn->mnt->dev,
		.st_ino = (ino_t)vn->ino,
		.st_mode = vn->mode,
		.st_nlink = vn->nlink,
		.st_uid = vn->uid,
		.st_gid = vn->gid,
		.st_rdev = vn->rdev,
		.st_size = (off_t)vn->size,
		.st_atim = vn->atime,
		.st_mtim = vn->mtime,
		.st_ctim = vn->ctime,
		.st_blksize = 4096,
		.st_blocks = (blkcnt_t)vn->blocks,
	};
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	if ((flags & AMPHI_AT_EMPTY_PATH) && path && !*path)
		return fstat(dirfd, st);
	struct vnode *vn = NULL;
	int r = (int)AT(dirfd, path,
			vfs_lookup(start, path, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &vn));
	if (r == 0) {
		fill_stat(vn, st);
		vnode_put(vn);
	}
	return r;
}

int stat(const char *path, struct stat *st) { return fstatat(AT_FDCWD, path, st, 0); }
int lstat(const char *path, struct stat *st) { return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW); }

int fstat(int fd, struct stat *st)
{
	struct file *f = shim_file(fd);
	if (!f)
		return -1;
	if (f->vn)
		fill_stat(f->vn, st);
	else
		*st = (struct stat){ .st_mode = f->mode, .st_nlink = 1, .st_blksize = 4096 };
	return 0;
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
	if (mode & ~(R_OK | W_OK | X_OK)) {
		errno = EINVAL;
		return -1;
	}
	struct vnode *vn = NULL;
	int r = (int)AT(dirfd, path,
			vfs_lookup(start, path, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &vn));
	if (r)
		return r;
	/* root may read and write anything; executing needs an x bit somewhere */
	if ((mode & X_OK) && !S_ISDIR(vn->mode) && !(vn->mode & 0111)) {
		errno = EACCES;
		r = -1;
	} else if ((mode & W_OK) && (vn->mnt->flags & MNT_RDONLY)) {
		errno = EROFS;
		r = -1;
	}
	vnode_put(vn);
	return r;
}

int access(const char *path, int mode) { return faccessat(AT_FDCWD, path, mode, 0); }

int mkdirat(int dirfd, const char *path, mode_t mode) { return (int)AT(dirfd, path, vfs_mkdir(start, path, mode)); }
int mkdir(const char *path, mode_t mode) { return mkdirat(AT_FDCWD, path, mode); }

int unlinkat(int dirfd, const char *path, int flags)
{
	if (flags & ~AT_REMOVEDIR) {
		errno = EINVAL;
		return -1;
	}
	return (int)AT(dirfd, path,
		       flags & AT_REMOVEDIR ? vfs_rmdir(start, path) : vfs_unlink(start, path));
}

int unlink(const char *path) { return unlinkat(AT_FDCWD, path, 0); }
int rmdir(const char *path) { return unlinkat(AT_FDCWD, path, AT_REMOVEDIR); }

int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
	if (bad_path(newpath))
		return -1;
	struct vnode *nstart = shim_start(newdirfd);
	if (!nstart)
		return -1;
	int r = (int)AT(olddirfd, oldpath, vfs_rename(start, oldpath, nstart, newpath));
	vnode_put(nstart);
	return r;
}

int rename(const char *oldpath, const char *newpath) { return renameat(AT_FDCWD, oldpath, AT_FDCWD, newpath); }

int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)
{
	if (flags & ~AT_SYMLINK_FOLLOW) {
		errno = EINVAL;
		return -1;
	}
	if (bad_path(newpath))
		return -1;
	struct vnode *nstart = shim_start(newdirfd);
	if (!nstart)
		return -1;
	int r = (int)AT(olddirfd, oldpath,
			vfs_link(start, oldpath, nstart, newpath,
				 flags & AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW : 0));
	vnode_put(nstart);
	return r;
}

int link(const char *oldpath, const char *newpath) { return linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0); }

int symlinkat(const char *target, int dirfd, const char *path)
{
	if (bad_path(target))
		return -1;
	return (int)AT(dirfd, path, vfs_symlink(target, start, path));
}

int symlink(const char *target, const char *path) { return symlinkat(target, AT_FDCWD, path); }

ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t len)
{
	if (len == 0) {
		errno = EINVAL;
		return -1;
	}
	return AT(dirfd, path, vfs_readlink(start, path, buf, len));
}

ssize_t readlink(const char *path, char *buf, size_t len) { return readlinkat(AT_FDCWD, path, buf, len); }

/* -- the working directory -- */
char *getcwd(char *buf, size_t len)
{
	char *mine = NULL;
	if (!buf) { /* glibc's extension: allocate it */
		len = len ? len : VFS_PATH_MAX;
		if (!(buf = mine = malloc(len))) {
			errno = ENOMEM;
			return NULL;
		}
	} else if (len == 0) {
		errno = EINVAL;
		return NULL;
	}
	struct vnode *dir = shim_start(AT_FDCWD);
	int r = dir ? vfs_getcwd(dir, buf, len) : -errno;
	vnode_put(dir);
	if (r < 0) {
		free(mine);
		errno = -r;
		return NULL;
	}
	return buf;
}

static int set_cwd(struct vnode *dir)
{
	if (!S_ISDIR(dir->mode)) {
		vnode_put(dir);
		errno = ENOTDIR;
		return -1;
	}
	vnode_put(cwd);
	cwd = dir;
	return 0;
}

int chdir(const char *path)
{
	struct vnode *vn = NULL;
	int r = (int)AT(AT_FDCWD, path, vfs_lookup(start, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &vn));
	return r ? r : set_cwd(vn);
}

int fchdir(int fd)
{
	struct file *f = shim_file(fd);
	if (!f)
		return -1;
	if (!f->vn) {
		errno = ENOTDIR;
		return -1;
	}
	return set_cwd(vnode_get(f->vn));
}

/* The absolute path of the directory dir followed by name[0..len) (when
 * len > 0) into out (VFS_PATH_MAX bytes): 0 or a negative errno. */
static int path_in(struct vnode *dir, const char *name, size_t len, char *out)
{
	int r = vfs_getcwd(dir, out, VFS_PATH_MAX);
	if (r < 0 || len == 0)
		return r < 0 ? r : 0;
	size_t at = (size_t)r;
	if (at + 1 + len + 1 > VFS_PATH_MAX)
		return -ENAMETOOLONG;
	if (at > 1)
		out[at++] = '/';
	memcpy(out + at, name, len);
	out[at + len] = 0;
	return 0;
}

/* A directory is named by getcwd's walk up; a file by its directory's path
 * and its name, after following the symlinks that lead to it. */
static int resolve(char *path, char *out)
{
	struct vnode *start = shim_start(AT_FDCWD), *vn = NULL, *dir = NULL;
	if (!start)
		return -errno;
	int err = 0;
	for (int links = 0; !err; links++) {
		const char *name;
		size_t len;
		vnode_put(vn);
		vnode_put(dir);
		vn = dir = NULL;
		if ((err = vfs_lookup(start, path, LOOKUP_FOLLOW, &vn)))
			break;
		if (S_ISDIR(vn->mode)) {
			err = path_in(vn, "", 0, out);
			break;
		}
		if ((err = vfs_lookup_parent(start, path, &dir, &name, &len)))
			break;
		struct vnode *last;
		if ((err = vfs_lookup(dir, name, 0, &last)))
			break;
		int is_link = S_ISLNK(last->mode);
		vnode_put(last);
		if (!is_link) {
			err = path_in(dir, name, len, out);
			break;
		}
		if (links == VFS_SYMLOOP_MAX) {
			err = -ELOOP;
			break;
		}
		/* go on from the link's target, relative to the link's directory */
		ssize_t n = vfs_readlink(dir, name, path, VFS_PATH_MAX - 1);
		if (n < 0) {
			err = (int)n;
			break;
		}
		path[n] = 0;
		vnode_put(start);
		start = vnode_get(dir);
	}
	vnode_put(vn);
	vnode_put(dir);
	vnode_put(start);
	return err;
}

char *realpath(const char *path, char *resolved)
{
	if (bad_path(path))
		return NULL;
	/* built in a buffer of our own: only the answer's bytes reach resolved */
	char *work = malloc(VFS_PATH_MAX), *out = malloc(VFS_PATH_MAX);
	int err = !work || !out ? -ENOMEM : 0;
	if (!err && strnlen(path, VFS_PATH_MAX) >= VFS_PATH_MAX)
		err = -ENAMETOOLONG;
	if (!err) {
		strcpy(work, path);
		err = resolve(work, out);
	}
	free(work);
	if (err) {
		free(out);
		errno = -err;
		return NULL;
	}
	if (!resolved)
		return out;
	strcpy(resolved, out);
	free(out);
	return resolved;
}

/* -- attributes -- */
static long on_fd(int fd, int (*op)(struct vnode *, long, long), long a, long b)
{
	struct file *f = shim_file(fd);
	if (!f)
		return -1;
	if (!f->vn) {
		errno = EINVAL;
		return -1;
	}
	return sys_ret(op(f->vn, a, b));
}

static long on_path(int dirfd, const char *path, int follow, int (*op)(struct vnode *, long, long),
		    long a, long b)
{
	struct vnode *vn = NULL;
	if (AT(dirfd, path, vfs_lookup(start, path, follow ? LOOKUP_FOLLOW : 0, &vn)))
		return -1;
	long r = sys_ret(op(vn, a, b));
	vnode_put(vn);
	return r;
}

static int do_truncate(struct vnode *vn, long size, long unused)
{
	(void)unused;
	return size < 0 ? -EINVAL : vfs_truncate(vn, (uint64_t)size);
}

int truncate(const char *path, off_t size) { return (int)on_path(AT_FDCWD, path, 1, do_truncate, size, 0); }

int ftruncate(int fd, off_t size)
{
	struct file *f = shim_file(fd);
	if (!f)
		return -1;
	if (!f->vn || !S_ISREG(f->vn->mode) || (f->flags & O_ACCMODE) == O_RDONLY) {
		errno = f->vn && !S_ISREG(f->vn->mode) ? EINVAL : f->vn ? EBADF : EINVAL;
		return -1;
	}
	return (int)on_fd(fd, do_truncate, size, 0);
}

static int do_chmod(struct vnode *vn, long mode, long unused)
{
	(void)unused;
	return vfs_chmod(vn, (mode_t)mode);
}

int chmod(const char *path, mode_t mode) { return (int)on_path(AT_FDCWD, path, 1, do_chmod, mode, 0); }
int fchmod(int fd, mode_t mode) { return (int)on_fd(fd, do_chmod, mode, 0); }
int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	return (int)on_path(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), do_chmod, mode, 0);
}

static int do_chown(struct vnode *vn, long uid, long gid) { return vfs_chown(vn, (uid_t)uid, (gid_t)gid); }

int chown(const char *path, uid_t uid, gid_t gid) { return (int)on_path(AT_FDCWD, path, 1, do_chown, (long)uid, (long)gid); }
int lchown(const char *path, uid_t uid, gid_t gid) { return (int)on_path(AT_FDCWD, path, 0, do_chown, (long)uid, (long)gid); }
int fchown(int fd, uid_t uid, gid_t gid) { return (int)on_fd(fd, do_chown, (long)uid, (long)gid); }

mode_t umask(mode_t mask)
{
	mode_t old = vfs_umask;
	vfs_umask = mask & 0777;
	return old;
}

static int do_utimens(struct vnode *vn, long times, long unused)
{
	(void)unused;
	return vfs_utimens(vn, (const struct timespec *)times);
}

int utimensat(int dirfd, const char *path, const struct timespec *times, int flags)
{
	if (!path) /* Linux: futimens */
		return (int)on_fd(dirfd, do_utimens, (long)times, 0);
	return (int)on_path(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), do_utimens, (long)times, 0);
}

int futimens(int fd, const struct timespec *times) { return (int)on_fd(fd, do_utimens, (long)times, 0); }

int utimes(const char *path, const struct timeval *tv)
{
	struct timespec ts[2];
	for (int i = 0; tv && i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000) {
			errno = EINVAL;
			return -1;
		}
		ts[i] = (struct timespec){ tv[i].tv_sec, tv[i].tv_usec * 1000 };
	}
	return utimensat(AT_FDCWD, path, tv ? ts : NULL, 0);
}

int utime(const char *path, const struct utimbuf *t)
{
	struct timespec ts[2] = { { t ? t->actime : 0, 0 }, { t ? t->modtime : 0, 0 } };
	return utimensat(AT_FDCWD, path, t ? ts : NULL, 0);
}

static int do_fsync(struct vnode *vn, long a, long b)
{
	(void)a;
	(void)b;
	return vn->ops->fsync ? vn->ops->fsync(vn) : 0;
}

int fsync(int fd)
{
	struct file *f = shim_file(fd);
	if (!f)
		return -1;
	return f->vn ? (int)on_fd(fd, do_fsync, 0, 0) : (int)sys_ret(-EINVAL);
}

int fdatasync(int fd) { return fsync(fd); }
void sync(void) {}

static void fill_statvfs(const struct vfs_statfs *s, const struct vnode *vn, struct statvfs *out)
{
	*out = (struct statvfs){
		.f_bsize = s->bsize, .f_frsize = s->bsize,
		.f_blocks = s->blocks, .f_bfree = s->bfree, .f_bavail = s->bfree,
		.f_files = s->files, .f_ffree = s->ffree, .f_favail = s->ffree,
		.f_fsid = vn->mnt->dev,
		.f_flag = vn->mnt->flags & MNT_RDONLY ? ST_RDONLY : 0,
		.f_namemax = s->namemax,
	};
}

static int do_statvfs(struct vnode *vn, long out, long unused)
{
	(void)unused;
	struct vfs_statfs s;
	int err = vfs_statfs(vn, &s);
	if (!err)
		fill_statvfs(&s, vn, (struct statvfs *)out);
	return err;
}

int statvfs(const char *path, struct statvfs *out) { return (int)on_path(AT_FDCWD, path, 1, do_statvfs, (long)out, 0); }
int fstatvfs(int fd, struct statvfs *out) { return (int)on_fd(fd, do_statvfs, (long)out, 0); }

/* -- descriptors -- */
ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	struct file *f = shim_file(fd);
	if (!f)
		return -1;
	return off < 0 ? sys_ret(-EINVAL) : sys_ret(file_pread(f, buf, len, (uint64_t)off));
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	struct file *f = shim_file(fd);
	if (!f)
		return -1;
	return off < 0 ? sys_ret(-EINVAL) : sys_ret(file_pwrite(f, buf, len, (uint64_t)off));
}

off_t lseek(int fd, off_t off, int whence)
{
	struct file *f = shim_file(fd);
	return f ? (off_t)sys_ret(file_seek(f, off, whence)) : -1;
}

int dup(int fd) { return (int)sys_ret(fd_dup(fd, 0, 0)); }

int dup2(int oldfd, int newfd) { return (int)sys_ret(fd_dup2(oldfd, newfd, 0)); }

int dup3(int oldfd, int newfd, int flags)
{
	if (oldfd == newfd || (flags & ~O_CLOEXEC))
		return (int)sys_ret(-EINVAL);
	return (int)sys_ret(fd_dup2(oldfd, newfd, (flags & O_CLOEXEC) != 0));
}

/* Record locks and flock(): one process holds every lock it asks for, so
 * each request is granted; F_GETLK reports the range unlocked. */
static int lock_request(int fd, struct flock *l)
{
	struct file *f = shim_file(fd);
	if (!f)
		return -1;
	if (!l) {
		errno = EFAULT;
		return -1;
	}
	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK && l->l_type != F_UNLCK) {
		errno = EINVAL;
		return -1;
	}
	if ((l->l_type == F_RDLCK && (f->flags & O_ACCMODE) == O_WRONLY) ||
	    (l->l_type == F_WRLCK && (f->flags & O_ACCMODE) == O_RDONLY)) {
		errno = EBADF;
		return -1;
	}
	return 0;
}

int flock(int fd, int op)
{
	if (!shim_file(fd))
		return -1;
	int kind = op & ~LOCK_NB;
	if (kind != LOCK_SH && kind != LOCK_EX && kind != LOCK_UN) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	struct file *f = shim_file(fd);
	if (!f)
		return -1;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg < 0 || arg >= FD_MAX)
			return (int)sys_ret(-EINVAL);
		return (int)sys_ret(fd_dup(fd, (int)arg, cmd == F_DUPFD_CLOEXEC));
	case F_GETFD:
		return fd_cloexec(fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		return (int)sys_ret(fd_set_cloexec(fd, (int)arg & FD_CLOEXEC));
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		return (int)sys_ret(file_setfl(f, (int)arg));
	case F_GETLK: {
		struct flock *l = (struct flock *)arg;
		if (lock_request(fd, l) < 0)
			return -1;
		l->l_type = F_UNLCK;
		return 0;
	}
	case F_SETLK:
	case F_SETLKW:
		return lock_request(fd, (struct flock *)arg);
	default:
		return (int)sys_ret(-EINVAL);
	}
}

/* Regular files, character devices and FIFOs (which open as pipes). */
int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	mode_t type = mode & S_IFMT ? mode & S_IFMT : S_IFREG;
	if (type != S_IFREG && type != S_IFCHR && type != S_IFIFO)
		return (int)sys_ret(type == S_IFDIR ? -EINVAL : -EPERM);
	struct vnode *vn = NULL;
	int r = (int)AT(dirfd, path, vfs_create(start, path, type | (mode & 07777), dev, 1, &vn));
	vnode_put(vn);
	return r;
}

int mknod(const char *path, mode_t mode, dev_t dev) { return mknodat(AT_FDCWD, path, mode, dev); }
int mkfifoat(int dirfd, const char *path, mode_t mode) { return mknodat(dirfd, path, S_IFIFO | (mode & 07777), 0); }
int mkfifo(const char *path, mode_t mode) { return mkfifoat(AT_FDCWD, path, mode); }
