/*
 * newc cpio archives (cpio.h). The archive comes from outside (a boot
 * module, the image), so every field is checked before it is used: the
 * magic, hex digits, the name's length and terminator, and that name and
 * data lie inside the archive.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cpio.h"

#define HEADER_LEN 110
#define TRAILER "TRAILER!!!"

static size_t pad4(size_t n) { return (n + 3) & ~(size_t)3; }

/* Eight hex digits at p: 0, or -1 if one is not a hex digit. */
static int hex8(const char *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 8; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0'
		      : c >= 'a' && c <= 'f' ? c - 'a' + 10
		      : c >= 'A' && c <= 'F' ? c - 'A' + 10
					     : -1;
		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

int cpio_next(const void *archive, size_t len, size_t *off, struct cpio_entry *out)
{
	const char *a = archive, *h = a + *off;
	if (*off > len || len - *off < HEADER_LEN)
		return -ENODATA;
	if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6))
		return -EINVAL;
	uint32_t f[13]; /* ino mode uid gid nlink mtime size devmaj devmin rdevmaj rdevmin namesize check */
	for (int i = 0; i < 13; i++)
		if (hex8(h + 6 + 8 * i, &f[i]))
			return -EINVAL;
	size_t namesize = f[11], name_at = *off + HEADER_LEN;
	if (namesize == 0 || namesize > VFS_PATH_MAX)
		return -EINVAL;
	if (len - name_at < namesize)
		return -ENODATA;
	if (a[name_at + namesize - 1] != 0 || memchr(a + name_at, 0, namesize - 1))
		return -EINVAL;
	size_t data_at = *off + pad4(HEADER_LEN + namesize);
	if (f[6] == 0 && data_at > len) /* no data: only the name's padding is cut */
		data_at = len;
	if (data_at > len || len - data_at < f[6])
		return -ENODATA;
	*out = (struct cpio_entry){
		.name = a + name_at, .namelen = namesize - 1, .data = a + data_at, .size = f[6],
		.ino = f[0], .mode = f[1], .uid = f[2], .gid = f[3], .nlink = f[4], .mtime = f[5],
		.dev = f[7] << 8 | f[8], .rdev = f[9] << 8 | f[10],
	};
	if (out->namelen == sizeof(TRAILER) - 1 && !memcmp(out->name, TRAILER, out->namelen))
		return 0;
	size_t next = data_at + pad4(f[6]);
	*off = next < len ? next : len; /* the last entry's padding may be cut */
	return 1;
}

/* Files seen with more than one link, to link their later names to. */
struct seen {
	uint32_t ino, dev;
	char *path;
};

static int attrs(struct vnode *vn, const struct cpio_entry *e)
{
	struct timespec t[2] = { { e->mtime, 0 }, { e->mtime, 0 } };
	int err = vfs_chmod(vn, e->mode & 07777);
	if (!err)
		err = vfs_chown(vn, e->uid, e->gid);
	if (!err)
		err = vfs_utimens(vn, t);
	return err;
}

static int write_all(struct vnode *vn, const struct cpio_entry *e)
{
	for (uint64_t done = 0; done < e->size;) {
		ssize_t n = vn->ops->write(vn, (const char *)e->data + done, e->size - done, done);
		if (n <= 0)
			return n < 0 ? (int)n : -ENOSPC;
		done += (uint64_t)n;
	}
	vnode_touch(vn);
	return 0;
}

/* One entry under dir; *why says what failed. */
static int unpack_one(struct vnode *dir, const struct cpio_entry *e, struct seen **seen,
		      size_t *nseen, const char **why)
{
	const char *name = e->name;
	while (name[0] == '/' || (name[0] == '.' && name[1] == '/'))
		name += name[0] == '/' ? 1 : 2;
	if (!name[0] || !strcmp(name, "."))
		return 0; /* the root itself */
	struct vnode *vn = NULL;
	int err;
	uint32_t type = e->mode & S_IFMT;
	*why = "cannot create";
	if (type == S_IFDIR) {
		err = vfs_mkdir(dir, name, 0700);
		if (err == -EEXIST)
			err = 0;
		if (!err)
			err = vfs_lookup(dir, name, LOOKUP_DIRECTORY, &vn);
	} else if (type == S_IFLNK) {
		char *target = malloc(e->size + 1);
		if (!target)
			return -ENOMEM;
		memcpy(target, e->data, e->size);
		target[e->size] = 0;
		err = e->size == 0 || strlen(target) != e->size ? -EINVAL : vfs_symlink(target, dir, name);
		free(target);
		if (!err)
			err = vfs_lookup(dir, name, 0, &vn);
	} else if (type == S_IFREG || type == S_IFCHR || type == S_IFIFO) {
		struct seen *first = NULL;
		for (size_t i = 0; e->nlink > 1 && i < *nseen; i++)
			if ((*seen)[i].ino == e->ino && (*seen)[i].dev == e->dev)
				first = &(*seen)[i];
		if (first) {
			err = vfs_link(dir, first->path, dir, name, 0);
			if (!err)
				err = vfs_lookup(dir, name, 0, &vn);
		} else {
			(void)vfs_unlink(dir, name); /* a later entry replaces an earlier one */
			err = vfs_create(dir, name, type | 0600, e->rdev, 1, &vn);
		}
		if (!err && !first && e->nlink > 1 && type == S_IFREG) {
			struct seen *more = realloc(*seen, (*nseen + 1) * sizeof(**seen));
			char *copy = strdup(name);
			if (more)
				*seen = more;
			if (!more || !copy) {
				free(copy);
				err = -ENOMEM;
			} else
				(*seen)[(*nseen)++] = (struct seen){ e->ino, e->dev, copy };
		}
		if (!err && e->size) {
			*why = type == S_IFREG ? "no room for the file" : "a device with data";
			err = type == S_IFREG ? write_all(vn, e) : -EINVAL;
		}
	} else {
		*why = "a block device or socket, which Amphi cannot create";
		return -EINVAL;
	}
	if (!err) {
		*why = "cannot set its attributes";
		err = attrs(vn, e);
	}
	vnode_put(vn);
	return err;
}

int cpio_unpack(struct vnode *dir, const void *archive, size_t len, size_t *bad_off,
		const char **why)
{
	struct seen *seen = NULL;
	size_t nseen = 0, off = 0;
	int err, r;
	struct cpio_entry e;
	for (;;) {
		*bad_off = off;
		r = cpio_next(archive, len, &off, &e);
		if (r <= 0) {
			err = r;
			*why = r == -ENODATA ? "truncated" : r ? "not a newc cpio header" : NULL;
			break;
		}
		if ((err = unpack_one(dir, &e, &seen, &nseen, why)))
			break;
	}
	for (size_t i = 0; i < nseen; i++)
		free(seen[i].path);
	free(seen);
	return err;
}
