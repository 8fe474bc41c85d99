/*
 * ramfs (ramfs.h). A node is a vnode plus what its type needs: a directory's
 * entries, a file's page array, a symlink's target. Nodes are not referenced
 * by the tree: a node lives while it has a name (nlink) or a reference, and
 * is freed by whichever goes last.
 *
 * Directory entries are kept in creation order, each with a sequence
 * number; readdir's position is the next number to hand out, so entries
 * removed or added during a listing never make it skip or repeat one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kernel/mm.h"
#include "ramfs.h"

struct rdirent {
	struct rdirent *next;
	struct rnode *node;
	uint64_t seq;
	size_t len;
	char name[];
};

struct rnode {
	struct vnode vn;
	union {
		struct {
			struct rdirent *head, *tail;
			struct rnode *parent;
			uint64_t next_seq;
		} dir;
		struct {
			void **pages; /* NULL entries are holes: they read as zeros */
			size_t cap;
		} file;
		struct {
			char *target;
			size_t len;
		} link;
	};
};

struct ramfs {
	struct mount mnt;
	uint64_t next_ino;
	uint64_t pages; /* file pages in use */
};

#define FIRST_SEQ 2 /* positions 0 and 1 are "." and ".." */

static const struct vnode_ops ramfs_ops;

static struct rnode *node(struct vnode *vn) { return (struct rnode *)vn; }
static struct ramfs *fs_of(struct vnode *vn) { return (struct ramfs *)vn->mnt; }

static struct rnode *new_node(struct mount *mnt, mode_t mode)
{
	struct rnode *n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	vnode_init(&n->vn, &ramfs_ops, mnt, mode);
	n->vn.ino = ((struct ramfs *)mnt)->next_ino++;
	if (S_ISDIR(mode)) {
		n->vn.nlink = 2;
		n->vn.size = 4096; /* what a directory reports, as tmpfs does not but ext4 does */
		n->dir.next_seq = FIRST_SEQ;
	}
	return n;
}

/* Drop file pages from index first on. */
static void free_pages_from(struct rnode *n, size_t first)
{
	struct ramfs *fs = fs_of(&n->vn);
	for (size_t i = first; i < n->file.cap; i++)
		if (n->file.pages[i]) {
			page_free(n->file.pages[i]);
			n->file.pages[i] = NULL;
			fs->pages--;
			n->vn.blocks -= PAGE_SIZE / 512;
		}
}

static void free_node(struct rnode *n)
{
	if (S_ISREG(n->vn.mode)) {
		free_pages_from(n, 0);
		free(n->file.pages);
	} else if (S_ISLNK(n->vn.mode))
		free(n->link.target);
	free(n);
}

static void release(struct vnode *vn)
{
	if (vn->nlink == 0)
		free_node(node(vn));
}

static struct rdirent *entry(struct rnode *dir, const char *name, size_t len, struct rdirent ***prev)
{
	struct rdirent **link = &dir->dir.head;
	for (struct rdirent *e = *link; e; link = &e->next, e = e->next)
		if (e->len == len && memcmp(e->name, name, len) == 0) {
			if (prev)
				*prev = link;
			return e;
		}
	return NULL;
}

static int lookup(struct vnode *vdir, const char *name, size_t len, struct vnode **out)
{
	struct rnode *dir = node(vdir);
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = vnode_get(dir->dir.parent ? &dir->dir.parent->vn : vdir);
		return 0;
	}
	struct rdirent *e = entry(dir, name, len, NULL);
	if (!e)
		return -ENOENT;
	*out = vnode_get(&e->node->vn);
	return 0;
}

/* Give n the name in dir (the VFS has checked it is free). */
static int add_entry(struct rnode *dir, const char *name, size_t len, struct rnode *n)
{
	struct rdirent *e = malloc(sizeof(*e) + len + 1);
	if (!e)
		return -ENOSPC;
	*e = (struct rdirent){ .node = n, .seq = dir->dir.next_seq++, .len = len };
	memcpy(e->name, name, len);
	e->name[len] = 0;
	if (dir->dir.tail)
		dir->dir.tail->next = e;
	else
		dir->dir.head = e;
	dir->dir.tail = e;
	if (S_ISDIR(n->vn.mode)) {
		n->dir.parent = dir;
		dir->vn.nlink++;
	}
	return 0;
}

static void unlink_entry(struct rnode *dir, struct rdirent **prev, struct rdirent *e)
{
	*prev = e->next;
	if (dir->dir.tail == e) {
		dir->dir.tail = NULL;
		for (struct rdirent *t = dir->dir.head; t; t = t->next)
			dir->dir.tail = t;
	}
	if (S_ISDIR(e->node->vn.mode))
		dir->vn.nlink--;
	free(e);
}

static int create(struct vnode *vdir, const char *name, size_t len, mode_t mode, dev_t rdev,
		  struct vnode **out)
{
	if (!S_ISDIR(mode) && !S_ISREG(mode) && !S_ISCHR(mode) && !S_ISFIFO(mode))
		return -EINVAL;
	struct rnode *n = new_node(vdir->mnt, mode);
	if (!n)
		return -ENOSPC;
	n->vn.rdev = rdev;
	int err = add_entry(node(vdir), name, len, n);
	if (err) {
		free_node(n);
		return err;
	}
	*out = &n->vn;
	return 0;
}

static int symlink(struct vnode *vdir, const char *name, size_t len, const char *target,
		   struct vnode **out)
{
	struct rnode *n = new_node(vdir->mnt, S_IFLNK | 0777);
	if (!n)
		return -ENOSPC;
	n->link.len = strlen(target);
	n->vn.size = n->link.len;
	int err = (n->link.target = malloc(n->link.len)) ? add_entry(node(vdir), name, len, n)
							 : -ENOSPC;
	if (err) {
		free_node(n);
		return err;
	}
	memcpy(n->link.target, target, n->link.len);
	*out = &n->vn;
	return 0;
}

static int link(struct vnode *vdir, const char *name, size_t len, struct vnode *vn)
{
	int err = add_entry(node(vdir), name, len, node(vn));
	if (!err)
		vn->nlink++;
	return err;
}

static int is_empty(struct rnode *n) { return !S_ISDIR(n->vn.mode) || !n->dir.head; }

/* The entry's node loses a name (and a directory its "." too). */
static void drop_name(struct rnode *n)
{
	n->vn.nlink = S_ISDIR(n->vn.mode) ? 0 : n->vn.nlink - 1;
	if (n->vn.nlink == 0 && n->vn.refs == 0)
		free_node(n);
}

static int remove(struct vnode *vdir, const char *name, size_t len)
{
	struct rdirent **prev, *e = entry(node(vdir), name, len, &prev);
	if (!e)
		return -ENOENT;
	struct rnode *n = e->node;
	if (!is_empty(n))
		return -ENOTEMPTY;
	unlink_entry(node(vdir), prev, e);
	drop_name(n);
	return 0;
}

static int rename(struct vnode *vodir, const char *oname, size_t olen, struct vnode *vndir,
		  const char *nname, size_t nlen)
{
	struct rnode *odir = node(vodir), *ndir = node(vndir);
	struct rdirent **oprev, *from = entry(odir, oname, olen, &oprev);
	struct rdirent **nprev, *to = entry(ndir, nname, nlen, &nprev);
	if (!from)
		return -ENOENT;
	if (to && !is_empty(to->node))
		return -ENOTEMPTY;
	struct rnode *n = from->node;
	if (to) { /* the target name now names n: nothing can fail from here */
		struct rnode *old = to->node;
		to->node = n;
		if (S_ISDIR(old->vn.mode))
			ndir->vn.nlink--;
		drop_name(old);
		unlink_entry(odir, oprev, from);
		if (S_ISDIR(n->vn.mode)) {
			ndir->vn.nlink++;
			n->dir.parent = ndir;
		}
		return 0;
	}
	int err = add_entry(ndir, nname, nlen, n);
	if (!err)
		unlink_entry(odir, oprev, from);
	return err;
}

static ssize_t readlink(struct vnode *vn, char *buf, size_t len)
{
	struct rnode *n = node(vn);
	size_t k = n->link.len < len ? n->link.len : len;
	memcpy(buf, n->link.target, k);
	return (ssize_t)k;
}

static int readdir(struct vnode *vdir, uint64_t *pos, struct vfs_dirent *out)
{
	struct rnode *dir = node(vdir);
	if (*pos < FIRST_SEQ) {
		struct rnode *which = *pos == 0 || !dir->dir.parent ? dir : dir->dir.parent;
		*out = (struct vfs_dirent){ .ino = which->vn.ino, .type = S_IFDIR };
		strcpy(out->name, *pos == 0 ? "." : "..");
		(*pos)++;
		return 1;
	}
	for (struct rdirent *e = dir->dir.head; e; e = e->next)
		if (e->seq >= *pos) {
			out->ino = e->node->vn.ino;
			out->type = e->node->vn.mode & S_IFMT;
			memcpy(out->name, e->name, e->len + 1);
			*pos = e->seq + 1;
			return 1;
		}
	return 0;
}

static ssize_t read(struct vnode *vn, void *buf, size_t len, uint64_t off)
{
	struct rnode *n = node(vn);
	if (off >= vn->size)
		return 0;
	if (len > vn->size - off)
		len = vn->size - off;
	for (size_t done = 0; done < len;) {
		uint64_t at = off + done;
		size_t in = at % PAGE_SIZE, k = PAGE_SIZE - in;
		if (k > len - done)
			k = len - done;
		void *page = at / PAGE_SIZE < n->file.cap ? n->file.pages[at / PAGE_SIZE] : NULL;
		if (page)
			memcpy((char *)buf + done, (char *)page + in, k);
		else
			memset((char *)buf + done, 0, k);
		done += k;
	}
	return (ssize_t)len;
}

/* Room in the page array for page index i. */
static int reserve(struct rnode *n, size_t i)
{
	if (i < n->file.cap)
		return 0;
	size_t cap = n->file.cap ? n->file.cap : 8;
	while (cap <= i)
		cap *= 2;
	void **pages = realloc(n->file.pages, cap * sizeof(*pages));
	if (!pages)
		return -ENOSPC;
	memset(pages + n->file.cap, 0, (cap - n->file.cap) * sizeof(*pages));
	n->file.pages = pages;
	n->file.cap = cap;
	return 0;
}

#define MAX_FILE_SIZE (1ull << 44) /* 16 TiB: far beyond RAM, and offsets stay sane */

static ssize_t write(struct vnode *vn, const void *buf, size_t len, uint64_t off)
{
	struct rnode *n = node(vn);
	if (off >= MAX_FILE_SIZE)
		return -EFBIG;
	if (len > MAX_FILE_SIZE - off)
		len = MAX_FILE_SIZE - off;
	size_t done = 0;
	int err = 0;
	while (done < len) {
		uint64_t at = off + done;
		size_t i = at / PAGE_SIZE, in = at % PAGE_SIZE, k = PAGE_SIZE - in;
		if (k > len - done)
			k = len - done;
		if ((err = reserve(n, i)))
			break;
		if (!n->file.pages[i]) {
			if (!(n->file.pages[i] = page_alloc())) {
				err = -ENOSPC;
				break;
			}
			fs_of(vn)->pages++;
			vn->blocks += PAGE_SIZE / 512;
		}
		memcpy((char *)n->file.pages[i] + in, (const char *)buf + done, k);
		done += k;
	}
	if (done && off + done > vn->size)
		vn->size = off + done;
	return done ? (ssize_t)done : err;
}

static int truncate(struct vnode *vn, uint64_t size)
{
	struct rnode *n = node(vn);
	if (size > MAX_FILE_SIZE)
		return -EFBIG;
	if (size < vn->size) {
		size_t keep = (size_t)((size + PAGE_SIZE - 1) / PAGE_SIZE);
		free_pages_from(n, keep);
		/* the rest of the last page must read as zeros if the file grows again */
		if (size % PAGE_SIZE && keep - 1 < n->file.cap && n->file.pages[keep - 1])
			memset((char *)n->file.pages[keep - 1] + size % PAGE_SIZE, 0,
			       PAGE_SIZE - size % PAGE_SIZE);
	}
	vn->size = size;
	return 0;
}

static int statfs(struct mount *mnt, struct vfs_statfs *out)
{
	(void)mnt;
	uint64_t free_pages = pmem_free_pages();
	out->bsize = PAGE_SIZE;
	out->blocks = ((struct ramfs *)mnt)->pages + free_pages;
	out->bfree = free_pages;
	out->files = out->blocks;
	out->ffree = out->bfree;
	return 0;
}

static const struct vnode_ops ramfs_ops = {
	.lookup = lookup,
	.create = create,
	.symlink = symlink,
	.link = link,
	.remove = remove,
	.rename = rename,
	.read = read,
	.write = write,
	.truncate = truncate,
	.readlink = readlink,
	.readdir = readdir,
	.release = release,
	.statfs = statfs,
};

struct mount *ramfs_new(void)
{
	static uint64_t next_dev = 1;
	struct ramfs *fs = calloc(1, sizeof(*fs));
	if (!fs)
		return NULL;
	fs->next_ino = 1;
	fs->mnt.fs = fs;
	fs->mnt.dev = next_dev++;
	struct rnode *root = new_node(&fs->mnt, S_IFDIR | 0755);
	if (!root) {
		free(fs);
		return NULL;
	}
	fs->mnt.root = &root->vn; /* the mount keeps the first reference */
	return &fs->mnt;
}

/* Free dir's entries and what only they name. */
static void destroy_dir(struct rnode *dir)
{
	for (struct rdirent *e = dir->dir.head, *next; e; e = next) {
		next = e->next;
		struct rnode *n = e->node;
		if (S_ISDIR(n->vn.mode)) {
			destroy_dir(n);
			free_node(n);
		} else if (--n->vn.nlink == 0) {
			free_node(n);
		}
		free(e);
	}
	dir->dir.head = dir->dir.tail = NULL;
}

void ramfs_destroy(struct mount *mnt)
{
	struct rnode *root = node(mnt->root);
	destroy_dir(root);
	free_node(root);
	free(mnt->fs);
}
