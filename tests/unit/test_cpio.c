/* UNIT_SOURCES: kernel/vfs/cpio.c kernel/vfs/vfs.c kernel/vfs/ramfs.c kernel/vfs/file.c */
/* Host test of the newc cpio reader and unpacker: archives written by the
 * host's GNU cpio (when it is installed) and built here byte by byte, every
 * kind of entry, and every way an archive can be damaged: each must be
 * refused with the offset of the entry at fault, never read past its end
 * (ASan watches: every archive is malloc'ed at exactly its length). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "kernel/mm.h"
#include "kernel/vfs/cpio.h"
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
struct timespec vfs_now(void) { return (struct timespec){ 1, 0 }; }
int fifo_open(struct vnode *vn, int flags, struct file **out)
{
	(void)vn, (void)flags, (void)out;
	return -ENXIO;
}

/* An archive under construction. */
static char arc[1 << 16];
static size_t len;

static void pad(void)
{
	while (len % 4)
		arc[len++] = 0;
}

static void entry(const char *name, unsigned mode, unsigned ino, unsigned nlink, const char *data,
		  size_t size)
{
	len += (size_t)sprintf(arc + len, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
			       ino, mode, 0u, 0u, nlink, 1234567u, size, 0u, 0u, 0u, 0u, strlen(name) + 1, 0u);
	memcpy(arc + len, name, strlen(name) + 1);
	len += strlen(name) + 1;
	pad();
	memcpy(arc + len, data, size);
	len += size;
	pad();
}

/* The archive as a buffer of exactly n bytes, so ASan sees any overread. */
static char *exact(size_t n)
{
	char *p = malloc(n ? n : 1);
	memcpy(p, arc, n);
	return p;
}

/* A ramfs of its own for each archive, freed by done(). */
static struct mount *fresh;
static struct vnode *fresh_root(void)
{
	fresh = ramfs_new();
	return fresh->root;
}
static void done(void) { ramfs_destroy(fresh); }

static int unpack(size_t n, size_t *off, const char **why)
{
	char *p = exact(n);
	struct vnode *root = fresh_root();
	int err = cpio_unpack(root, p, n, off, why);
	free(p);
	done();
	return err;
}

static void test_good(void)
{
	len = 0;
	entry(".", 040755, 1, 2, "", 0);
	entry("etc", 040700, 2, 2, "", 0);
	entry("etc/motd", 0100644, 3, 1, "hello\n", 6);
	entry("etc/link", 0120777, 4, 1, "motd", 4);
	entry("etc/hard1", 0100600, 5, 2, "", 0); /* newc: data with the last name */
	entry("etc/hard2", 0100600, 5, 2, "shared", 6);
	entry("dev", 040755, 6, 2, "", 0);
	entry("dev/null", 020666, 7, 1, "", 0);
	entry("./abs", 0100644, 8, 1, "x", 1);
	entry("TRAILER!!!", 0, 0, 1, "", 0);
	struct cpio_entry e;
	size_t off = 0;
	CHECK_EQ(cpio_next(arc, len, &off, &e), 1);
	CHECK(e.namelen == 1 && !strcmp(e.name, ".") && e.mode == 040755 && e.mtime == 1234567);

	char *p = exact(len);
	struct vnode *root = fresh_root(), *vn;
	const char *why = NULL;
	CHECK_EQ(cpio_unpack(root, p, len, &off, &why), 0);
	CHECK_EQ(vfs_lookup(root, "etc/motd", LOOKUP_FOLLOW, &vn), 0);
	char buf[16];
	CHECK(vn->size == 6 && vn->ops->read(vn, buf, 16, 0) == 6 && !memcmp(buf, "hello\n", 6));
	CHECK(vn->mode == 0100644 && vn->mtime.tv_sec == 1234567);
	vnode_put(vn);
	CHECK_EQ(vfs_lookup(root, "etc/link", LOOKUP_FOLLOW, &vn), 0);
	CHECK_EQ(vn->size, 6);
	vnode_put(vn);
	CHECK_EQ(vfs_lookup(root, "etc", 0, &vn), 0);
	CHECK_EQ(vn->mode, 040700);
	vnode_put(vn);
	struct vnode *h1, *h2;
	CHECK_EQ(vfs_lookup(root, "etc/hard1", 0, &h1), 0);
	CHECK_EQ(vfs_lookup(root, "etc/hard2", 0, &h2), 0);
	CHECK(h1 == h2 && h1->nlink == 2 && h1->size == 6);
	vnode_put(h1);
	vnode_put(h2);
	CHECK_EQ(vfs_lookup(root, "dev/null", 0, &vn), 0);
	CHECK(S_ISCHR(vn->mode));
	vnode_put(vn);
	CHECK_EQ(vfs_lookup(root, "abs", 0, &vn), 0);
	vnode_put(vn);
	free(p);
	done();
}

static void test_bad(void)
{
	size_t off;
	const char *why;
	len = 0;
	entry("a", 0100644, 1, 1, "0123456789", 10);
	size_t first = len;
	entry("b", 0100644, 2, 1, "abc", 3);
	entry("TRAILER!!!", 0, 0, 1, "", 0);
	size_t whole = len;
	/* every cut is refused as truncated, at or before the cut; an entry
	 * whose data is whole counts even if its padding is cut */
	int all = 1;
	for (size_t n = 0; n < whole - 3; n++) {
		int err = unpack(n, &off, &why);
		if (err != -ENODATA || off > n) {
			printf("cut at %zu: err %d off %zu\n", n, err, off);
			all = 0;
		}
	}
	CHECK(all);
	CHECK(unpack(50, &off, &why) == -ENODATA && off == 0);
	CHECK(unpack(first + 20, &off, &why) == -ENODATA && off == first);
	CHECK(unpack(whole - 20, &off, &why) == -ENODATA && off == whole - 124);
	CHECK_EQ(unpack(whole - 3, &off, &why), 0); /* only the trailer's padding is gone */
	/* no trailer: truncated too */
	CHECK_EQ(unpack(first, &off, &why), -ENODATA);
	/* a bad magic, a bad hex digit, a name without its NUL, a huge name */
	char saved = arc[first];
	arc[first] = 'X';
	CHECK_EQ(unpack(whole, &off, &why), -EINVAL);
	CHECK_EQ(off, first);
	arc[first] = saved;
	saved = arc[first + 6 + 8 * 6 + 3]; /* the size field */
	arc[first + 6 + 8 * 6 + 3] = 'g';
	CHECK_EQ(unpack(whole, &off, &why), -EINVAL);
	arc[first + 6 + 8 * 6 + 3] = saved;
	saved = arc[first + 110 + 1];
	arc[first + 110 + 1] = 'x'; /* "b\0" becomes "bx": no terminator */
	CHECK_EQ(unpack(whole, &off, &why), -EINVAL);
	arc[first + 110 + 1] = saved;
	memcpy(arc + first + 6 + 8 * 11, "FFFFFFFF", 8); /* namesize */
	CHECK_EQ(unpack(whole, &off, &why), -EINVAL);
	memcpy(arc + first + 6 + 8 * 11, "00000000", 8);
	CHECK_EQ(unpack(whole, &off, &why), -EINVAL);
	memcpy(arc + first + 6 + 8 * 11, "00000002", 8);
	memcpy(arc + first + 6 + 8 * 6, "7FFFFFFF", 8); /* file size past the end */
	CHECK_EQ(unpack(whole, &off, &why), -ENODATA);
	CHECK_EQ(off, first);

	/* a block device cannot be made; a symlink needs a target */
	len = 0;
	entry("blk", 060600, 1, 1, "", 0);
	entry("TRAILER!!!", 0, 0, 1, "", 0);
	CHECK_EQ(unpack(len, &off, &why), -EINVAL);
	CHECK(strstr(why, "block device") != NULL);
	len = 0;
	entry("lnk", 0120777, 1, 1, "", 0);
	entry("TRAILER!!!", 0, 0, 1, "", 0);
	CHECK_EQ(unpack(len, &off, &why), -EINVAL);

	/* a file larger than memory: ENOSPC at its entry */
	static char big[40000];
	len = 0;
	entry("small", 0100644, 1, 1, "s", 1);
	first = len;
	entry("big", 0100644, 2, 1, big, sizeof(big));
	entry("TRAILER!!!", 0, 0, 1, "", 0);
	long saved_budget = page_budget;
	page_budget = pages_used + 5;
	CHECK_EQ(unpack(len, &off, &why), -ENOSPC);
	CHECK_EQ(off, first);
	CHECK(strstr(why, "no room") != NULL);
	page_budget = saved_budget;
}

/* An archive the host's GNU cpio wrote, if it is there. */
static void test_gnu_cpio(void)
{
	if (system("command -v cpio >/dev/null 2>&1") != 0) {
		printf("(no cpio on this host: GNU cpio's archive not tried)\n");
		return;
	}
	char dir[] = "/tmp/amphi-cpio-XXXXXX";
	if (!mkdtemp(dir))
		return;
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
		 "cd %s && mkdir -p sub && printf 'gnu' > sub/f && ln -s sub/f l && "
		 "find . | cpio --quiet -o -H newc > a.cpio",
		 dir);
	CHECK_EQ(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/a.cpio", dir);
	FILE *f = fopen(cmd, "rb");
	CHECK(f != NULL);
	len = f ? fread(arc, 1, sizeof(arc), f) : 0;
	if (f)
		fclose(f);
	size_t off;
	const char *why;
	char *p = exact(len);
	struct vnode *root = fresh_root(), *vn;
	CHECK_EQ(cpio_unpack(root, p, len, &off, &why), 0);
	CHECK_EQ(vfs_lookup(root, "l", LOOKUP_FOLLOW, &vn), 0);
	char buf[8];
	CHECK(vn->ops->read(vn, buf, 8, 0) == 3 && !memcmp(buf, "gnu", 3));
	vnode_put(vn);
	free(p);
	done();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK_EQ(system(cmd), 0);
}

int main(void)
{
	struct mount *m = ramfs_new();
	vfs_mount("/", m); /* lookups of absolute symlink targets need a root */
	test_good();
	test_bad();
	test_gnu_cpio();
	CHECK_EQ(pages_used, 0); /* every file's pages back */
	return check_done();
}
