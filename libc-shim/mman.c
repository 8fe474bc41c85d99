/*
 * mmap and friends over the kernel's anonymous mappings (kernel/mm.h).
 * Memory is committed when mapped (there is no demand paging) and always
 * zeroed. W^X holds for apps too: PROT_WRITE with PROT_EXEC is refused
 * with EACCES. MAP_PRIVATE file mappings are copies of the file taken at
 * mmap time; MAP_SHARED file mappings (whose writes would have to reach
 * the file) are not implemented and fail with ENODEV, as Linux says for a
 * file system that cannot map. Anonymous MAP_SHARED memory is ordinary
 * memory: there is one process to share it with.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "kernel/mm.h"
#include "shim.h"

/* The page-table flags for prot; -1 for write+exec. */
static int pt_flags(int prot)
{
	if ((prot & PROT_WRITE) && (prot & PROT_EXEC))
		return -1;
	if (prot & PROT_WRITE)
		return PT_READ | PT_WRITE;
	if (prot & PROT_EXEC)
		return PT_READ | PT_EXEC;
	return prot & PROT_READ ? PT_READ : 0;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	int type = flags & (MAP_SHARED | MAP_PRIVATE), pt = pt_flags(prot);
	if (len == 0 || off < 0 || off % PAGE_SIZE || (type != MAP_SHARED && type != MAP_PRIVATE) ||
	    (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	if (pt < 0) {
		errno = EACCES;
		return MAP_FAILED;
	}
	struct file *f = NULL;
	if (!(flags & MAP_ANONYMOUS)) {
		if (!(f = shim_file(fd)))
			return MAP_FAILED;
		if (!f->vn || !S_ISREG(f->vn->mode) || type == MAP_SHARED) {
			errno = ENODEV;
			return MAP_FAILED;
		}
		if ((f->flags & O_ACCMODE) == O_WRONLY) {
			errno = EACCES;
			return MAP_FAILED;
		}
	}
	/* a file's copy is written before the protection is set */
	unsigned first = f ? PT_READ | PT_WRITE : (unsigned)pt;
	void *p = mm_map_anon((uintptr_t)addr, len, first, (flags & MAP_FIXED) != 0);
	if (!p) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	if (f) {
		ssize_t n = file_pread(f, p, len, (uint64_t)off); /* past the end: zeros */
		int err = n < 0 ? (int)n : mm_protect_anon((uintptr_t)p, len, (unsigned)pt);
		if (err) {
			mm_unmap_anon((uintptr_t)p, len);
			errno = -err;
			return MAP_FAILED;
		}
	}
	return p;
}

int munmap(void *addr, size_t len)
{
	if (len == 0)
		return (int)sys_ret(-EINVAL);
	return (int)sys_ret(mm_unmap_anon((uintptr_t)addr, len));
}

int mprotect(void *addr, size_t len, int prot)
{
	int pt = pt_flags(prot);
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return (int)sys_ret(-EINVAL);
	if (pt < 0)
		return (int)sys_ret(-EACCES);
	if (len == 0)
		return (uintptr_t)addr % PAGE_SIZE ? (int)sys_ret(-EINVAL) : 0;
	return (int)sys_ret(mm_protect_anon((uintptr_t)addr, len, (unsigned)pt));
}

int madvise(void *addr, size_t len, int advice)
{
	switch (advice) {
	case MADV_DONTNEED: /* the next read sees zeros, as for Linux's private memory */
		return (int)sys_ret(mm_zero_anon((uintptr_t)addr, len));
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_FREE: /* may keep the contents: keeping them is allowed */
		return (uintptr_t)addr % PAGE_SIZE ? (int)sys_ret(-EINVAL) : 0;
	default:
		return (int)sys_ret(-EINVAL);
	}
}

int posix_madvise(void *addr, size_t len, int advice)
{
	int r = madvise(addr, len, advice);
	return r < 0 ? errno : 0;
}

/* Nothing to write back (private copies only); memory never swaps. */
int msync(void *addr, size_t len, int flags)
{
	(void)len;
	if ((uintptr_t)addr % PAGE_SIZE || (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return (int)sys_ret(-EINVAL);
	return 0;
}

int mlock(const void *addr, size_t len) { (void)addr, (void)len; return 0; }
int munlock(const void *addr, size_t len) { (void)addr, (void)len; return 0; }
int mlockall(int flags) { return flags & ~(MCL_CURRENT | MCL_FUTURE) ? (int)sys_ret(-EINVAL) : 0; }
int munlockall(void) { return 0; }
