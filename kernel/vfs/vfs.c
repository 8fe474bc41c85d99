/*
 * The name space: mounts, path lookup and the operations built on it (see
 * vfs.h). Lookup is iterative: a symlink's target is spliced in front of the
 * rest of the path in one buffer, so a chain of links costs no stack.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vfs.h"

mode_t vfs_umask = 022;

static struct mount *mounts; /* the first one is "/" */

void vnode_init(struct vnode *vn, const struct vnode_ops *ops, struct mount *mnt, mode_t mode)
{
	struct timespec now = vfs_now();
	*vn = (struct vnode){
		.ops = ops, .mnt = mnt, .refs = 1, .mode = mode, .nlink = 1,
		.atime = now, .mtime = now, .ctime = now,
	};
}

struct vnode *vnode_get(struct vnode *vn)
{
	vn->refs++;
	return vn;
}

void vnode_put(struct vnode *vn)
{
	if (vn && --vn->refs == 0 && vn->ops->release)
		vn->ops->release(vn);
}

void vnode_touch(struct vnode *vn) { vn->mtime = vn->ctime = vfs_now(); }

struct vnode *vfs_root(void) { return mounts ? vnode_get(mounts->root) : NULL; }

static int is_name(const char *name, size_t len, const char *what)
{
	return len == strlen(what) && memcmp(name, what, len) == 0;
}

static int is_dot(const char *name, size_t len)
{
	return is_name(name, len, ".") || is_name(name, len, "..");
}

/* The entry name of directory dir, crossing mount points both ways; dir
 * stays the caller's. */
static int step(struct vnode *dir, const char *name, size_t len, struct vnode **out)
{
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (is_name(name, len, ".")) {
		*out = vnode_get(dir);
		return 0;
	}
	struct vnode *from = vnode_get(dir);
	if (is_name(name, len, ".."))
		while (from == from->mnt->root && from->mnt->covered) {
			struct vnode *under = vnode_get(from->mnt->covered);
			vnode_put(from);
			from = under;
		}
	struct vnode *next;
	int err = from->ops->lookup(from, name, len, &next);
	vnode_put(from);
	if (err)
		return err;
	while (next->covered_by) {
		struct vnode *root = vnode_get(next->covered_by->root);
		vnode_put(next);
		next = root;
	}
	*out = next;
	return 0;
}

/* path[0..plen) resolved from start. */
static int walk(struct vnode *start, const char *path, size_t plen, unsigned flags,
		struct vnode **out)
{
	if (plen == 0)
		return -ENOENT;
	if (plen >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	if (!mounts)
		return -ENOENT;
	char *buf = malloc(VFS_PATH_MAX), *target = NULL;
	if (!buf)
		return -ENOMEM;
	memcpy(buf, path, plen);
	buf[plen] = 0;
	int must_dir = (flags & LOOKUP_DIRECTORY) || path[plen - 1] == '/';
	const char *p = buf;
	struct vnode *cur = vnode_get(*p == '/' ? mounts->root : start);
	int links = 0, err = 0;
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *name = p;
		while (*p && *p != '/')
			p++;
		size_t len = (size_t)(p - name);
		if (len > VFS_NAME_MAX) {
			err = -ENAMETOOLONG;
			break;
		}
		const char *q = p;
		while (*q == '/')
			q++;
		int last = !*q;
		struct vnode *next;
		if ((err = step(cur, name, len, &next)))
			break;
		if (!S_ISLNK(next->mode) || (last && !(flags & LOOKUP_FOLLOW) && !must_dir)) {
			vnode_put(cur);
			cur = next;
			continue;
		}
		/* A symlink to follow: its target replaces the name in the path. */
		if (++links > VFS_SYMLOOP_MAX) {
			vnode_put(next);
			err = -ELOOP;
			break;
		}
		if (!target && !(target = malloc(VFS_PATH_MAX))) {
			vnode_put(next);
			err = -ENOMEM;
			break;
		}
		ssize_t n = next->ops->readlink ? next->ops->readlink(next, target, VFS_PATH_MAX)
						: -EINVAL;
		vnode_put(next);
		size_t rest = strlen(p);
		if (n <= 0) {
			err = n < 0 ? (int)n : -ENOENT;
			break;
		}
		if ((size_t)n + rest >= VFS_PATH_MAX) {
			err = -ENAMETOOLONG;
			break;
		}
		memmove(buf + n, p, rest + 1);
		memcpy(buf, target, (size_t)n);
		p = buf;
		if (*p == '/') {
			vnode_put(cur);
			cur = vnode_get(mounts->root);
		}
	}
	free(buf);
	free(target);
	if (!err && must_dir && !S_ISDIR(cur->mode))
		err = -ENOTDIR;
	if (err) {
		vnode_put(cur);
		return err;
	}
	*out = cur;
	return 0;
}

int vfs_lookup(struct vnode *start, const char *path, unsigned flags, struct vnode **out)
{
	return walk(start, path, strnlen(path, VFS_PATH_MAX), flags, out);
}

int vfs_lookup_parent(struct vnode *start, const char *path, struct vnode **dir,
		      const char **name, size_t *len)
{
	size_t plen = strnlen(path, VFS_PATH_MAX);
	if (plen == 0)
		return -ENOENT;
	if (plen >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	size_t end = plen;
	while (end > 0 && path[end - 1] == '/')
		end--;
	if (end == 0) { /* "/" itself */
		*name = ".";
		*len = 1;
		return walk(start, "/", 1, LOOKUP_DIRECTORY, dir);
	}
	size_t begin = end;
	while (begin > 0 && path[begin - 1] != '/')
		begin--;
	if (end - begin > VFS_NAME_MAX)
		return -ENAMETOOLONG;
	*name = path + begin;
	*len = end - begin;
	if (begin == 0) {
		if (!S_ISDIR(start->mode))
			return -ENOTDIR;
		*dir = vnode_get(start);
		return 0;
	}
	return walk(start, path, begin, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, dir);
}

/* The entry name in dir, or NULL; an error other than "no such entry" is
 * returned through err. */
static struct vnode *find(struct vnode *dir, const char *name, size_t len, int *err)
{
	struct vnode *vn = NULL;
	*err = step(dir, name, len, &vn);
	if (*err == -ENOENT)
		*err = 0;
	return *err ? NULL : vn;
}

static int writable(struct vnode *dir)
{
	return dir->mnt->flags & MNT_RDONLY ? -EROFS : 0;
}

static int ends_in_slash(const char *path)
{
	size_t n = strnlen(path, VFS_PATH_MAX);
	return n > 0 && path[n - 1] == '/';
}

int vfs_create(struct vnode *start, const char *path, mode_t mode, dev_t rdev, int excl,
	       struct vnode **out)
{
	struct vnode *dir, *vn;
	const char *name;
	size_t len;
	int err = vfs_lookup_parent(start, path, &dir, &name, &len);
	if (err)
		return err;
	if (is_dot(name, len)) {
		vnode_put(dir);
		return excl ? -EEXIST : -EISDIR;
	}
	vn = find(dir, name, len, &err);
	if (vn || err) {
		vnode_put(dir);
		if (vn && excl) {
			vnode_put(vn);
			return -EEXIST;
		}
		if (vn && S_ISLNK(vn->mode)) { /* open(O_CREAT) follows a symlink */
			vnode_put(vn);
			return vfs_lookup(start, path, LOOKUP_FOLLOW, out);
		}
		if (vn)
			*out = vn;
		return err;
	}
	if (ends_in_slash(path) && !S_ISDIR(mode))
		err = -EISDIR;
	else if (!(err = writable(dir)))
		err = dir->ops->create ? dir->ops->create(dir, name, len, mode & ~vfs_umask, rdev, out)
				       : -EPERM;
	if (!err)
		vnode_touch(dir);
	vnode_put(dir);
	return err;
}

int vfs_mkdir(struct vnode *start, const char *path, mode_t mode)
{
	struct vnode *vn;
	int err = vfs_create(start, path, S_IFDIR | (mode & 07777), 0, 1, &vn);
	if (!err)
		vnode_put(vn);
	return err;
}

/* Look up the parent of path for a new entry: -EEXIST if the name is taken. */
static int new_entry(struct vnode *start, const char *path, struct vnode **dir, const char **name,
		     size_t *len)
{
	int err = vfs_lookup_parent(start, path, dir, name, len);
	if (err)
		return err;
	struct vnode *vn = is_dot(*name, *len) ? NULL : find(*dir, *name, *len, &err);
	if (is_dot(*name, *len) || vn)
		err = -EEXIST;
	else if (!err)
		err = writable(*dir);
	vnode_put(vn);
	if (err)
		vnode_put(*dir);
	return err;
}

int vfs_symlink(const char *target, struct vnode *start, const char *path)
{
	size_t tlen = strnlen(target, VFS_PATH_MAX);
	if (tlen == 0)
		return -ENOENT;
	if (tlen >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	struct vnode *dir, *vn;
	const char *name;
	size_t len;
	int err = new_entry(start, path, &dir, &name, &len);
	if (err)
		return err;
	err = dir->ops->symlink ? dir->ops->symlink(dir, name, len, target, &vn) : -EPERM;
	if (!err) {
		vnode_touch(dir);
		vnode_put(vn);
	}
	vnode_put(dir);
	return err;
}

int vfs_link(struct vnode *ostart, const char *opath, struct vnode *nstart, const char *npath,
	     unsigned flags)
{
	struct vnode *vn, *dir;
	const char *name;
	size_t len;
	int err = vfs_lookup(ostart, opath, flags & LOOKUP_FOLLOW, &vn);
	if (err)
		return err;
	if (S_ISDIR(vn->mode)) {
		vnode_put(vn);
		return -EPERM;
	}
	if ((err = new_entry(nstart, npath, &dir, &name, &len))) {
		vnode_put(vn);
		return err;
	}
	if (dir->mnt != vn->mnt)
		err = -EXDEV;
	else
		err = dir->ops->link ? dir->ops->link(dir, name, len, vn) : -EPERM;
	if (!err) {
		vnode_touch(dir);
		vn->ctime = vfs_now();
	}
	vnode_put(dir);
	vnode_put(vn);
	return err;
}

static int busy(struct vnode *vn) { return vn->covered_by || vn == vn->mnt->root; }

/* unlink (want_dir 0) and rmdir (1). */
static int remove_entry(struct vnode *start, const char *path, int want_dir)
{
	struct vnode *dir, *vn;
	const char *name;
	size_t len;
	int err = vfs_lookup_parent(start, path, &dir, &name, &len);
	if (err)
		return err;
	if (is_dot(name, len)) {
		vnode_put(dir);
		return !want_dir ? -EISDIR : is_name(name, len, ".") ? -EINVAL : -ENOTEMPTY;
	}
	vn = find(dir, name, len, &err);
	if (!vn && !err)
		err = -ENOENT;
	else if (vn && want_dir && !S_ISDIR(vn->mode))
		err = -ENOTDIR;
	else if (vn && !want_dir && S_ISDIR(vn->mode))
		err = -EISDIR;
	else if (vn && !want_dir && ends_in_slash(path))
		err = -ENOTDIR;
	else if (vn && busy(vn))
		err = -EBUSY;
	else if (vn && !(err = writable(dir)))
		err = dir->ops->remove ? dir->ops->remove(dir, name, len) : -EPERM;
	if (!err) {
		vnode_touch(dir);
		vn->ctime = vfs_now();
	}
	vnode_put(vn);
	vnode_put(dir);
	return err;
}

int vfs_unlink(struct vnode *start, const char *path) { return remove_entry(start, path, 0); }
int vfs_rmdir(struct vnode *start, const char *path) { return remove_entry(start, path, 1); }

/* Is vn dir or one of its ancestors (within dir's mount)? */
static int is_ancestor(struct vnode *vn, struct vnode *dir)
{
	struct vnode *cur = vnode_get(dir);
	int found = 0;
	while (!found && cur != cur->mnt->root) {
		struct vnode *up;
		found = cur == vn;
		if (cur->ops->lookup(cur, "..", 2, &up))
			break;
		vnode_put(cur);
		cur = up;
	}
	found |= cur == vn;
	vnode_put(cur);
	return found;
}

int vfs_rename(struct vnode *ostart, const char *opath, struct vnode *nstart, const char *npath)
{
	struct vnode *odir, *ndir = NULL, *from = NULL, *to = NULL;
	const char *oname, *nname;
	size_t olen, nlen;
	int err = vfs_lookup_parent(ostart, opath, &odir, &oname, &olen);
	if (err)
		return err;
	if ((err = vfs_lookup_parent(nstart, npath, &ndir, &nname, &nlen)))
		goto out;
	if (is_dot(oname, olen) || is_dot(nname, nlen)) {
		err = -EINVAL;
		goto out;
	}
	from = find(odir, oname, olen, &err);
	if (!from) {
		err = err ? err : -ENOENT;
		goto out;
	}
	to = find(ndir, nname, nlen, &err);
	if (err)
		goto out;
	if (odir->mnt != ndir->mnt || from->mnt != odir->mnt || (to && to->mnt != ndir->mnt))
		err = -EXDEV;
	else if (to == from)
		err = 0; /* the same file: nothing to do, as POSIX says */
	else if (to && S_ISDIR(from->mode) && !S_ISDIR(to->mode))
		err = -ENOTDIR;
	else if (to && !S_ISDIR(from->mode) && S_ISDIR(to->mode))
		err = -EISDIR;
	else if (!S_ISDIR(from->mode) && (ends_in_slash(opath) || ends_in_slash(npath)))
		err = -ENOTDIR;
	else if (busy(from) || (to && busy(to)))
		err = -EBUSY;
	else if (S_ISDIR(from->mode) && is_ancestor(from, ndir))
		err = -EINVAL;
	else if (!(err = writable(odir)))
		err = odir->ops->rename ? odir->ops->rename(odir, oname, olen, ndir, nname, nlen)
					: -EPERM;
	if (!err && to != from) {
		vnode_touch(odir);
		vnode_touch(ndir);
		from->ctime = vfs_now();
	}
out:
	vnode_put(to);
	vnode_put(from);
	vnode_put(ndir);
	vnode_put(odir);
	return err;
}

ssize_t vfs_readlink(struct vnode *start, const char *path, char *buf, size_t len)
{
	struct vnode *vn;
	int err = vfs_lookup(start, path, 0, &vn);
	if (err)
		return err;
	ssize_t n = !S_ISLNK(vn->mode) || !vn->ops->readlink ? -EINVAL
							      : vn->ops->readlink(vn, buf, len);
	vnode_put(vn);
	return n;
}

int vfs_truncate(struct vnode *vn, uint64_t size)
{
	if (S_ISDIR(vn->mode))
		return -EISDIR;
	if (!S_ISREG(vn->mode))
		return -EINVAL;
	int err = writable(vn);
	if (err)
		return err;
	if ((err = vn->ops->truncate ? vn->ops->truncate(vn, size) : -EINVAL))
		return err;
	vnode_touch(vn);
	return 0;
}

static int setattr(struct vnode *vn, unsigned mask)
{
	vn->ctime = vfs_now();
	return vn->ops->setattr ? vn->ops->setattr(vn, mask) : 0;
}

int vfs_chmod(struct vnode *vn, mode_t mode)
{
	int err = writable(vn);
	if (err)
		return err;
	vn->mode = (vn->mode & S_IFMT) | (mode & 07777);
	return setattr(vn, VATTR_MODE);
}

int vfs_chown(struct vnode *vn, uid_t uid, gid_t gid)
{
	int err = writable(vn);
	if (err)
		return err;
	if (uid != (uid_t)-1)
		vn->uid = uid;
	if (gid != (gid_t)-1)
		vn->gid = gid;
	return setattr(vn, VATTR_OWNER);
}

static int set_time(struct timespec *t, const struct timespec *want, struct timespec now)
{
	if (!want || want->tv_nsec == UTIME_NOW)
		*t = now;
	else if (want->tv_nsec == UTIME_OMIT)
		return 0;
	else if (want->tv_nsec < 0 || want->tv_nsec >= 1000000000)
		return -EINVAL;
	else
		*t = *want;
	return 0;
}

int vfs_utimens(struct vnode *vn, const struct timespec times[2])
{
	int err = writable(vn);
	if (err)
		return err;
	struct timespec now = vfs_now(), a = vn->atime, m = vn->mtime;
	if ((err = set_time(&a, times ? &times[0] : NULL, now)) ||
	    (err = set_time(&m, times ? &times[1] : NULL, now)))
		return err;
	vn->atime = a;
	vn->mtime = m;
	return setattr(vn, VATTR_TIMES);
}

int vfs_statfs(struct vnode *vn, struct vfs_statfs *out)
{
	*out = (struct vfs_statfs){ .bsize = 4096, .namemax = VFS_NAME_MAX };
	return vn->mnt->root->ops->statfs ? vn->mnt->root->ops->statfs(vn->mnt, out) : 0;
}

int vfs_mount(const char *path, struct mount *mnt)
{
	if (!mounts) {
		mnt->covered = NULL;
		mnt->next = NULL;
		mounts = mnt;
		return 0;
	}
	struct vnode *at;
	int err = vfs_lookup(mounts->root, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &at);
	if (err)
		return err;
	if (at->covered_by || at == at->mnt->root) {
		vnode_put(at);
		return -EBUSY;
	}
	mnt->covered = at; /* keeps the reference */
	at->covered_by = mnt;
	struct mount **tail = &mounts;
	while (*tail)
		tail = &(*tail)->next;
	mnt->next = NULL;
	*tail = mnt;
	return 0;
}

/* The name of dir in its parent, found by reading the parent. */
static int name_in(struct vnode *parent, struct vnode *dir, struct vfs_dirent *de)
{
	uint64_t pos = 0;
	int n;
	while ((n = parent->ops->readdir(parent, &pos, de)) > 0) {
		size_t len = strlen(de->name);
		if (de->ino == dir->ino && !is_dot(de->name, len))
			return 0;
	}
	return n < 0 ? n : -ENOENT;
}

int vfs_getcwd(struct vnode *dir, char *buf, size_t len)
{
	struct vfs_dirent *de = malloc(sizeof(*de));
	if (!de)
		return -ENOMEM;
	size_t at = len; /* the path is built backwards from the end of buf */
	struct vnode *cur = vnode_get(dir);
	int err = at ? 0 : -ERANGE;
	if (at)
		buf[--at] = 0;
	while (!err && cur != mounts->root) {
		while (cur == cur->mnt->root && cur->mnt->covered) {
			struct vnode *under = vnode_get(cur->mnt->covered);
			vnode_put(cur);
			cur = under;
		}
		struct vnode *up;
		if ((err = cur->ops->lookup(cur, "..", 2, &up)))
			break;
		err = name_in(up, cur, de);
		vnode_put(cur);
		cur = up;
		size_t n = strlen(de->name);
		if (!err && n + 1 > at)
			err = -ERANGE;
		if (!err) {
			at -= n;
			memcpy(buf + at, de->name, n);
			buf[--at] = '/';
		}
	}
	vnode_put(cur);
	free(de);
	if (!err && at == len - 1) { /* the root itself */
		if (at == 0)
			return -ERANGE;
		buf[--at] = '/';
	}
	if (err)
		return err;
	memmove(buf, buf + at, len - at);
	return (int)(len - at - 1);
}
