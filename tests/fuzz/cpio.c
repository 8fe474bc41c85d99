/* FUZZ_SOURCES: kernel/vfs/cpio.c kernel/vfs/vfs.c kernel/vfs/ramfs.c kernel/vfs/file.c */
/* The initramfs reader (kernel/vfs/cpio.c) unpacking any archive a boot
 * module or image could carry into a fresh ramfs, with a page budget small
 * enough that files run out of memory. Input: the archive, in an exactly
 * sized buffer. Properties: no read outside it, no hang; a failure names an
 * offset inside the archive and says why; every entry cpio_next hands out
 * lies inside the archive; the unpacked tree walks cleanly (each name found
 * again by lookup, sizes within the archive's); destroying the file system
 * gives every page back. */
#include <errno.h>
#include <sys/stat.h>

#include "fuzz.h"

#include "kernel/mm.h"
#include "kernel/vfs/cpio.h"
#include "kernel/vfs/file.h"
#include "kernel/vfs/ramfs.h"

#define PAGE_BUDGET 64

static long pages_used;
void *page_alloc(void)
{
	if (pages_used >= PAGE_BUDGET)
		return NULL;
	pages_used++;
	return calloc(1, PAGE_SIZE);
}
void page_free(void *page)
{
	pages_used--;
	free(page);
}
uint64_t pmem_free_pages(void) { return (uint64_t)(PAGE_BUDGET - pages_used); }
struct timespec vfs_now(void) { return (struct timespec){ 0, 0 }; }
int fifo_open(struct vnode *vn, int flags, struct file **out)
{
	(void)vn, (void)flags, (void)out;
	return -ENXIO;
}

/* Every entry of dir: found again by name, no file larger than the archive. */
static void walk(struct vnode *dir, size_t archive_len, int depth)
{
	uint64_t pos = 0;
	struct vfs_dirent de;
	FUZZ_ASSERT(depth < 64);
	while (dir->ops->readdir(dir, &pos, &de) == 1) {
		size_t n = strlen(de.name);
		FUZZ_ASSERT(n > 0 && n <= VFS_NAME_MAX);
		if (!strcmp(de.name, ".") || !strcmp(de.name, ".."))
			continue;
		struct vnode *vn;
		FUZZ_ASSERT(dir->ops->lookup(dir, de.name, n, &vn) == 0);
		FUZZ_ASSERT(vn->ino == de.ino && (vn->mode & S_IFMT) == de.type);
		FUZZ_ASSERT(vn->size <= archive_len || S_ISDIR(vn->mode));
		if (S_ISDIR(vn->mode))
			walk(vn, archive_len, depth + 1);
		vnode_put(vn);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *archive = malloc(size ? size : 1);
	memcpy(archive, data, size);

	size_t off = 0;
	struct cpio_entry e;
	int r;
	while ((r = cpio_next(archive, size, &off, &e)) == 1) {
		FUZZ_ASSERT((const char *)e.name >= (const char *)archive);
		FUZZ_ASSERT((const char *)e.name + e.namelen < (const char *)archive + size);
		FUZZ_ASSERT(e.size <= size && (const char *)e.data + e.size <= (const char *)archive + size);
		FUZZ_ASSERT(off <= size);
	}
	FUZZ_ASSERT(r == 0 || r == -EINVAL || r == -ENODATA);

	struct mount *m = ramfs_new();
	const char *why = NULL;
	int err = cpio_unpack(m->root, archive, size, &off, &why);
	FUZZ_ASSERT(err <= 0);
	if (err)
		FUZZ_ASSERT(off <= size && why != NULL);
	walk(m->root, size, 0);
	ramfs_destroy(m);
	FUZZ_ASSERT(pages_used == 0);
	free(archive);
	return 0;
}
