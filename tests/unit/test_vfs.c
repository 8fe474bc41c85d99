/* UNIT_SOURCES: kernel/vfs/vfs.c kernel/vfs/ramfs.c kernel/vfs/file.c */
/* Host test of the VFS: path lookup (".", "..", symlinks, mounts, limits),
 * the name-space operations with each errno Linux gives, ramfs's pages
 * (holes, truncation, ENOSPC, pages returned on removal) and the descriptor
 * table. The page allocator is a counted malloc with a budget, so the test
 * sees every page ramfs holds. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "kernel/mm.h"
#include "kernel/vfs/file.h"
#include "kernel/vfs/ramfs.h"

static long pages_used, page_budget = 1 << 20;

void *page_alloc(void)
{
	if (pages_used >= page_budget)
		return NULL;
	pages_used++;
	return calloc(1, PAGE_SIZE);
}

void page_free(void *page)
{
	pages_used--;
	free(page);
}

uint64_t pmem_free_pages(void) { return (uint64_t)(page_budget - pages_used); }

static long clock_ns;
struct timespec vfs_now(void)
{
	clock_ns += 1000;
	return (struct timespec){ clock_ns / 1000000000, clock_ns % 1000000000 };
}

/* FIFOs are pipe.c's, which this test does not link. */
int fifo_open(struct vnode *vn, int flags, struct file **out)
{
	(void)vn, (void)flags, (void)out;
	return -ENXIO;
}

static struct vnode *root;

/* Resolve path and return its inode number, or the negative errno. */
static long ino(const char *path, unsigned flags)
{
	struct vnode *vn;
	int err = vfs_lookup(root, path, flags, &vn);
	if (err)
		return err;
	long i = (long)vn->ino;
	vnode_put(vn);
	return i;
}

static int mkfile(const char *path, const char *text)
{
	struct vnode *vn;
	int err = vfs_create(root, path, S_IFREG | 0644, 0, 1, &vn);
	if (err)
		return err;
	if (text)
		err = (int)vn->ops->write(vn, text, strlen(text), 0);
	vnode_put(vn);
	return err < 0 ? err : 0;
}

static void test_lookup(void)
{
	CHECK_EQ(vfs_mkdir(root, "/a", 0755), 0);
	CHECK_EQ(vfs_mkdir(root, "/a/b", 0755), 0);
	CHECK_EQ(vfs_mkdir(root, "a/b", 0755), -EEXIST);
	CHECK_EQ(vfs_mkdir(root, "/a/b/", 0755), -EEXIST);
	CHECK_EQ(vfs_mkdir(root, "/", 0755), -EEXIST);
	CHECK_EQ(vfs_mkdir(root, "/x/y", 0755), -ENOENT);
	CHECK_EQ(mkfile("/a/f", "hello"), 0);
	CHECK_EQ(mkfile("/a/f", NULL), -EEXIST);
	CHECK_EQ(mkfile("/a/g/", NULL), -EISDIR);
	long b = ino("/a/b", 0), a = ino("/a", 0), r = ino("/", 0);
	CHECK(b > 0 && a > 0 && r > 0);
	CHECK_EQ(ino("/a/b/..", 0), a);
	CHECK_EQ(ino("a/./b/../b/.", 0), b);
	CHECK_EQ(ino("/..", 0), r);
	CHECK_EQ(ino("/../../a", 0), a);
	CHECK_EQ(ino("//a///b//", 0), b);
	CHECK_EQ(ino("", 0), -ENOENT);
	CHECK_EQ(ino("/a/f/", 0), -ENOTDIR);
	CHECK_EQ(ino("/a/f/x", 0), -ENOTDIR);
	CHECK_EQ(ino("/a/f/.", 0), -ENOTDIR);
	CHECK_EQ(ino("/a/nope", 0), -ENOENT);
	CHECK_EQ(ino("/a/f", LOOKUP_DIRECTORY), -ENOTDIR);

	char *name = malloc(VFS_PATH_MAX + 2);
	memset(name, 'n', VFS_NAME_MAX + 1);
	name[VFS_NAME_MAX + 1] = 0;
	CHECK_EQ(ino(name, 0), -ENAMETOOLONG);
	CHECK_EQ(vfs_mkdir(root, name, 0755), -ENAMETOOLONG);
	name[VFS_NAME_MAX] = 0;
	CHECK_EQ(vfs_mkdir(root, name, 0755), 0); /* NAME_MAX itself is fine */
	CHECK_EQ(vfs_rmdir(root, name), 0);
	for (int i = 0; i < VFS_PATH_MAX + 1; i++)
		name[i] = i % 2 ? '/' : '.';
	name[VFS_PATH_MAX + 1] = 0;
	CHECK_EQ(ino(name, 0), -ENAMETOOLONG);
	name[VFS_PATH_MAX - 1] = 0; /* PATH_MAX - 1 characters: allowed */
	CHECK_EQ(ino(name, 0), r);
	free(name);
}

static void test_symlinks(void)
{
	CHECK_EQ(vfs_symlink("b", root, "/a/lb"), 0);
	CHECK_EQ(vfs_symlink("/a/f", root, "/a/lf"), 0);
	CHECK_EQ(vfs_symlink("../lf", root, "/a/b/chain"), 0);
	CHECK_EQ(vfs_symlink("loop2", root, "/a/loop1"), 0);
	CHECK_EQ(vfs_symlink("loop1", root, "/a/loop2"), 0);
	CHECK_EQ(vfs_symlink("missing", root, "/a/dangling"), 0);
	CHECK_EQ(vfs_symlink("x", root, "/a/lf"), -EEXIST);
	CHECK_EQ(vfs_symlink("", root, "/a/empty"), -ENOENT);
	long f = ino("/a/f", 0), b = ino("/a/b", 0);
	CHECK_EQ(ino("/a/lf", LOOKUP_FOLLOW), f);
	CHECK(ino("/a/lf", 0) != f); /* the link itself */
	CHECK_EQ(ino("/a/b/chain", LOOKUP_FOLLOW), f);
	CHECK_EQ(ino("/a/lb/chain", LOOKUP_FOLLOW), f);
	CHECK_EQ(ino("/a/lb/", 0), b); /* a trailing slash follows */
	CHECK_EQ(ino("/a/lb/..", 0), ino("/a", 0));
	CHECK_EQ(ino("/a/loop1", LOOKUP_FOLLOW), -ELOOP);
	CHECK_EQ(ino("/a/loop1/x", 0), -ELOOP);
	CHECK_EQ(ino("/a/dangling", LOOKUP_FOLLOW), -ENOENT);
	CHECK(ino("/a/dangling", 0) > 0);
	char buf[64];
	CHECK_EQ(vfs_readlink(root, "/a/b/chain", buf, sizeof(buf)), 5);
	CHECK(memcmp(buf, "../lf", 5) == 0);
	CHECK_EQ(vfs_readlink(root, "/a/f", buf, sizeof(buf)), -EINVAL);
	/* 40 links in a chain resolve; 41 do not */
	char path[32], target[32];
	for (int i = 1; i <= 41; i++) {
		snprintf(path, sizeof(path), "/s%d", i);
		snprintf(target, sizeof(target), i == 1 ? "/a/f" : "s%d", i - 1);
		CHECK_EQ(vfs_symlink(target, root, path), 0);
	}
	CHECK_EQ(ino("/s40", LOOKUP_FOLLOW), f);
	CHECK_EQ(ino("/s41", LOOKUP_FOLLOW), -ELOOP);
	for (int i = 1; i <= 41; i++) {
		snprintf(path, sizeof(path), "/s%d", i);
		CHECK_EQ(vfs_unlink(root, path), 0);
	}
}

static ssize_t read_all(const char *path, char *buf, size_t len)
{
	struct vnode *vn;
	int err = vfs_lookup(root, path, LOOKUP_FOLLOW, &vn);
	if (err)
		return err;
	ssize_t n = vn->ops->read(vn, buf, len, 0);
	vnode_put(vn);
	return n;
}

static void test_remove_and_rename(void)
{
	char buf[64];
	CHECK_EQ(vfs_unlink(root, "/a"), -EISDIR);
	CHECK_EQ(vfs_unlink(root, "/a/f/"), -ENOTDIR);
	CHECK_EQ(vfs_rmdir(root, "/a/f"), -ENOTDIR);
	CHECK_EQ(vfs_rmdir(root, "/a"), -ENOTEMPTY);
	CHECK_EQ(vfs_rmdir(root, "/a/b/."), -EINVAL);
	CHECK_EQ(vfs_rmdir(root, "/a/b/.."), -ENOTEMPTY);
	CHECK_EQ(vfs_rmdir(root, "/"), -EINVAL);
	CHECK_EQ(vfs_unlink(root, "/a/none"), -ENOENT);

	/* rename replaces atomically: the name never stops naming a file */
	CHECK_EQ(mkfile("/a/new", "new"), 0);
	CHECK_EQ(vfs_rename(root, "/a/new", root, "/a/f"), 0);
	CHECK_EQ(read_all("/a/f", buf, sizeof(buf)), 3);
	CHECK(memcmp(buf, "new", 3) == 0);
	CHECK_EQ(ino("/a/new", 0), -ENOENT);
	CHECK_EQ(vfs_rename(root, "/a/none", root, "/a/x"), -ENOENT);
	CHECK_EQ(vfs_rename(root, "/a/f", root, "/a/b"), -EISDIR);
	CHECK_EQ(vfs_rename(root, "/a/b", root, "/a/f"), -ENOTDIR);
	CHECK_EQ(vfs_rename(root, "/a", root, "/a/b/c"), -EINVAL);
	CHECK_EQ(vfs_rename(root, "/a/b", root, "/a/b"), 0);
	CHECK_EQ(vfs_mkdir(root, "/full", 0755), 0);
	CHECK_EQ(mkfile("/full/x", NULL), 0);
	CHECK_EQ(vfs_rename(root, "/a/b", root, "/full"), -ENOTEMPTY);
	CHECK_EQ(vfs_mkdir(root, "/empty", 0755), 0);
	struct vnode *a;
	CHECK_EQ(vfs_lookup(root, "/a", 0, &a), 0);
	nlink_t links = a->nlink;
	long b = ino("/a/b", 0);
	CHECK_EQ(vfs_rename(root, "/a/b", root, "/empty"), 0); /* a directory over an empty one */
	CHECK_EQ(ino("/empty", 0), b);
	CHECK_EQ(ino("/empty/..", 0), ino("/", 0));
	CHECK_EQ(a->nlink, links - 1);
	CHECK_EQ(vfs_rename(root, "/empty", root, "/a/b"), 0);
	CHECK_EQ(a->nlink, links);
	vnode_put(a);

	/* hard links */
	CHECK_EQ(vfs_link(root, "/a/f", root, "/a/f2", 0), 0);
	CHECK_EQ(ino("/a/f2", 0), ino("/a/f", 0));
	CHECK_EQ(vfs_link(root, "/a/b", root, "/a/b2", 0), -EPERM);
	CHECK_EQ(vfs_link(root, "/a/f", root, "/a/f2", 0), -EEXIST);
	CHECK_EQ(vfs_rename(root, "/a/f", root, "/a/f2"), 0); /* the same file: nothing happens */
	CHECK(ino("/a/f", 0) > 0);
	CHECK_EQ(vfs_unlink(root, "/a/f2"), 0);
	CHECK_EQ(read_all("/a/f", buf, sizeof(buf)), 3);
}

static void test_pages(void)
{
	long before = pages_used;
	struct vnode *vn;
	CHECK_EQ(vfs_create(root, "/big", S_IFREG | 0644, 0, 1, &vn), 0);
	static char block[3 * 4096 + 100];
	for (size_t i = 0; i < sizeof(block); i++)
		block[i] = (char)(i * 7);
	CHECK_EQ(vn->ops->write(vn, block, sizeof(block), 1 << 20), (long)sizeof(block));
	CHECK_EQ(vn->size, (1 << 20) + sizeof(block));
	CHECK_EQ(pages_used - before, 4); /* the write fills four pages; the hole takes none */
	char out[sizeof(block)];
	CHECK_EQ(vn->ops->read(vn, out, 4096, 4096), 4096);
	int zero = 1;
	for (int i = 0; i < 4096; i++)
		zero &= out[i] == 0;
	CHECK(zero);
	CHECK_EQ(vn->ops->read(vn, out, sizeof(out), 1 << 20), (long)sizeof(block));
	CHECK(memcmp(out, block, sizeof(block)) == 0);
	CHECK_EQ(vn->ops->read(vn, out, 10, vn->size), 0);
	/* shrinking frees pages and zeroes the rest of the last one */
	CHECK_EQ(vfs_truncate(vn, (1 << 20) + 10), 0);
	CHECK_EQ(pages_used - before, 1);
	CHECK_EQ(vfs_truncate(vn, (1 << 20) + 4096), 0);
	CHECK_EQ(vn->ops->read(vn, out, 4096, 1 << 20), 4096);
	CHECK(memcmp(out, block, 10) == 0 && out[10] == 0 && out[4095] == 0);
	/* an open, unlinked file keeps its pages until its last reference */
	CHECK_EQ(vfs_unlink(root, "/big"), 0);
	CHECK_EQ(pages_used - before, 1);
	CHECK_EQ(vn->ops->read(vn, out, 10, 1 << 20), 10);
	vnode_put(vn);
	CHECK_EQ(pages_used, before);

	/* a full memory: a short write, then ENOSPC, never more than the budget */
	long saved = page_budget;
	page_budget = pages_used + 2;
	CHECK_EQ(vfs_create(root, "/fill", S_IFREG | 0644, 0, 1, &vn), 0);
	CHECK_EQ(vn->ops->write(vn, block, sizeof(block), 0), 2 * 4096);
	CHECK_EQ(vn->ops->write(vn, block, 10, vn->size), -ENOSPC);
	CHECK_EQ(vn->size, 2 * 4096);
	vnode_put(vn);
	CHECK_EQ(vfs_unlink(root, "/fill"), 0);
	CHECK_EQ(pages_used, before);
	page_budget = saved;
}

static void test_readdir(void)
{
	CHECK_EQ(vfs_mkdir(root, "/d", 0755), 0);
	char path[32];
	for (int i = 0; i < 50; i++) {
		snprintf(path, sizeof(path), "/d/e%d", i);
		CHECK_EQ(mkfile(path, NULL), 0);
	}
	struct vnode *d;
	CHECK_EQ(vfs_lookup(root, "/d", 0, &d), 0);
	struct file *f;
	CHECK_EQ(file_open_vnode(d, O_RDONLY, &f), 0);
	CHECK_EQ(file_open_vnode(d, O_RDWR, &f) == -EISDIR, 1);
	/* removing each entry as it is listed (rm -r) removes them all */
	struct vfs_dirent de;
	int seen = 0, dots = 0;
	while (file_readdir(f, &de) == 1) {
		if (!strcmp(de.name, ".") || !strcmp(de.name, "..")) {
			dots++;
			continue;
		}
		seen++;
		char victim[VFS_NAME_MAX + 4];
		snprintf(victim, sizeof(victim), "/d/%s", de.name);
		CHECK_EQ(vfs_unlink(root, victim), 0);
	}
	CHECK_EQ(seen, 50);
	CHECK_EQ(dots, 2);
	CHECK_EQ(file_seek(f, 0, SEEK_SET), 0);
	seen = 0;
	while (file_readdir(f, &de) == 1)
		seen++;
	CHECK_EQ(seen, 2);
	file_put(f);
	vnode_put(d);
	CHECK_EQ(vfs_rmdir(root, "/d"), 0);
}

static void test_mounts_and_cwd(void)
{
	struct mount *m = ramfs_new();
	CHECK(m != NULL);
	CHECK_EQ(vfs_mkdir(root, "/mnt", 0755), 0);
	CHECK_EQ(mkfile("/mnt/hidden", NULL), 0);
	CHECK_EQ(vfs_mount("/mnt", m), 0);
	CHECK_EQ(ino("/mnt/hidden", 0), -ENOENT);
	CHECK_EQ(vfs_mkdir(root, "/mnt/sub", 0755), 0);
	CHECK_EQ(ino("/mnt/sub/../..", 0), ino("/", 0));
	CHECK_EQ(vfs_rmdir(root, "/mnt"), -EBUSY);
	CHECK_EQ(vfs_rename(root, "/mnt/sub", root, "/sub"), -EXDEV);
	CHECK_EQ(vfs_link(root, "/a/f", root, "/mnt/f", 0), -EXDEV);
	struct vnode *sub, *b;
	char buf[64];
	CHECK_EQ(vfs_lookup(root, "/mnt/sub", 0, &sub), 0);
	CHECK_EQ(vfs_getcwd(sub, buf, sizeof(buf)), 8);
	CHECK(!strcmp(buf, "/mnt/sub"));
	CHECK_EQ(vfs_getcwd(sub, buf, 8), -ERANGE);
	CHECK_EQ(vfs_getcwd(root, buf, sizeof(buf)), 1);
	CHECK(!strcmp(buf, "/"));
	CHECK_EQ(vfs_lookup(root, "/a/b", 0, &b), 0);
	CHECK_EQ(ino("../f", 0), -ENOENT); /* relative to root */
	struct vnode *f;
	CHECK_EQ(vfs_lookup(b, "../f", 0, &f), 0);
	vnode_put(f);
	CHECK_EQ(vfs_getcwd(b, buf, sizeof(buf)), 4);
	CHECK(!strcmp(buf, "/a/b"));
	vnode_put(b);
	vnode_put(sub);
}

static void test_attributes(void)
{
	struct vnode *vn;
	CHECK_EQ(vfs_lookup(root, "/a/f", 0, &vn), 0);
	CHECK_EQ(vn->mode, S_IFREG | 0644);
	CHECK_EQ(vfs_chmod(vn, 04711), 0);
	CHECK_EQ(vn->mode, S_IFREG | 04711);
	struct timespec t[2] = { { 100, 5 }, { 200, UTIME_OMIT } }, m = vn->mtime;
	CHECK_EQ(vfs_utimens(vn, t), 0);
	CHECK(vn->atime.tv_sec == 100 && vn->atime.tv_nsec == 5);
	CHECK(vn->mtime.tv_sec == m.tv_sec && vn->mtime.tv_nsec == m.tv_nsec);
	t[1].tv_nsec = 1000000000;
	CHECK_EQ(vfs_utimens(vn, t), -EINVAL);
	vnode_put(vn);
	mode_t saved = vfs_umask;
	vfs_umask = 077;
	CHECK_EQ(vfs_mkdir(root, "/private", 0777), 0);
	CHECK_EQ(vfs_lookup(root, "/private", 0, &vn), 0);
	CHECK_EQ(vn->mode, S_IFDIR | 0700);
	vnode_put(vn);
	vfs_umask = saved;
}

static ssize_t nop_read(struct file *f, void *buf, size_t len)
{
	(void)f;
	(void)buf;
	return (ssize_t)len;
}
static int closed;
static void count_close(struct file *f)
{
	(void)f;
	closed++;
}
static const struct file_ops nop_ops = { .read = nop_read, .close = count_close };

static void test_fds(void)
{
	struct file *f = file_new(&nop_ops, O_RDWR);
	int fd = fd_install(f, 0, 0);
	CHECK_EQ(fd, 0);
	CHECK_EQ(fd_dup(fd, 0, 0), 1);
	CHECK_EQ(fd_dup(fd, 10, 1), 10);
	CHECK_EQ(fd_cloexec(10), 1);
	CHECK_EQ(fd_dup2(fd, 5, 0), 5);
	CHECK_EQ(fd_dup2(fd, FD_MAX, 0), -EBADF);
	CHECK_EQ(fd_dup2(7, 5, 0), -EBADF);
	CHECK_EQ(fd_close(1), 0);
	CHECK_EQ(fd_close(1), -EBADF);
	CHECK_EQ(fd_dup(fd, 0, 0), 1); /* the lowest free one */
	CHECK_EQ(f->refs, 4);
	int n = 0;
	while (fd_dup(fd, 0, 0) >= 0)
		n++;
	CHECK_EQ(n, FD_MAX - 4);
	CHECK_EQ(fd_dup(fd, 0, 0), -EMFILE);
	CHECK_EQ(fd_dup(fd, FD_MAX, 0), -EINVAL);
	for (int i = 0; i < FD_MAX; i++)
		CHECK_EQ(fd_close(i), 0);
	CHECK_EQ(closed, 1);
	CHECK(fd_file(0) == NULL);

	/* two descriptors of one open file share its offset */
	struct vnode *vn;
	CHECK_EQ(vfs_lookup(root, "/a/f", 0, &vn), 0);
	CHECK_EQ(file_open_vnode(vn, O_RDWR | O_APPEND, &f), 0);
	vnode_put(vn);
	fd = fd_install(f, 0, 0);
	int fd2 = fd_dup(fd, 0, 0);
	CHECK_EQ(file_write(fd_file(fd), "+more", 5), 5);
	CHECK_EQ(fd_file(fd2)->off, 8);
	CHECK_EQ(file_seek(fd_file(fd2), 1, SEEK_SET), 1);
	char buf[16];
	CHECK_EQ(file_read(fd_file(fd), buf, sizeof(buf)), 7);
	CHECK(!memcmp(buf, "ew+more", 7));
	CHECK_EQ(file_seek(f, -100, SEEK_CUR), -EINVAL);
	CHECK_EQ(file_seek(f, 0, 42), -EINVAL);
	CHECK_EQ(file_seek(f, 2, SEEK_END), 10);
	CHECK_EQ(file_pread(f, buf, 4, 0), 4);
	CHECK_EQ(file_setfl(f, O_RDONLY), 0);
	CHECK_EQ(f->flags & (O_ACCMODE | O_APPEND), O_RDWR); /* access mode stays */
	fd_close(fd);
	fd_close(fd2);
	CHECK_EQ(vfs_lookup(root, "/a/f", 0, &vn), 0);
	CHECK_EQ(file_open_vnode(vn, O_RDONLY, &f), 0);
	CHECK_EQ(file_write(f, "x", 1), -EBADF);
	file_put(f);
	vnode_put(vn);
}

int main(void)
{
	struct mount *m = ramfs_new();
	CHECK(m != NULL);
	CHECK_EQ(vfs_mount("/", m), 0);
	root = vfs_root();
	test_lookup();
	test_symlinks();
	test_remove_and_rename();
	test_pages();
	test_readdir();
	test_mounts_and_cwd();
	test_attributes();
	test_fds();
	vnode_put(root);
	return check_done();
}
