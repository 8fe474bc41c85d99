#include "mm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "panic.h"

extern char __image_start[], __text_start[], __text_end[], __rodata_start[], __rodata_end[],
	__data_start[], __image_end[];

static uintptr_t stack_next = STACK_BASE; /* next free stack VA (bump) */
static uintptr_t heap_brk = HEAP_BASE;

#define VA(p) ((uintptr_t)(p))

static int map_range(uintptr_t va, uint64_t pa, uint64_t len, unsigned flags)
{
	return platform->pt_map(va, pa, PAGE_ROUND_UP(len), flags);
}

/* Map freshly allocated pages at [va, va+len) with flags (PT_*), zeroed
 * first when zero is set; on failure return -ENOMEM (the caller unmaps). */
static int map_fresh_as(uintptr_t va, uint64_t len, unsigned flags, int zero)
{
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t pa = pmem_alloc();
		if (pa && zero)
			memset(phys_to_virt(pa), 0, PAGE_SIZE);
		if (!pa || platform->pt_map(va + off, pa, PAGE_SIZE, flags) < 0) {
			if (pa)
				pmem_free(pa);
			/* Pages already mapped here are released by the caller's unmap. */
			return -ENOMEM;
		}
	}
	return 0;
}

static int map_fresh(uintptr_t va, uint64_t len) { return map_fresh_as(va, len, PT_READ | PT_WRITE, 0); }

/* Unmap [va, va+len) and give the pages back (they came from map_fresh). */
static void unmap_fresh(uintptr_t va, uint64_t len)
{
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t pa;
		if (!platform->pt_lookup(va + off, &pa))
			continue;
		platform->pt_unmap(va + off, PAGE_SIZE);
		pmem_free(pa);
	}
}

int mm_init(const struct boot_info *bi)
{
	uint64_t top = 0;
	for (unsigned i = 0; i < bi->nmem; i++)
		if (bi->mem[i].type == MEM_RAM && bi->mem[i].base + bi->mem[i].len > top)
			top = bi->mem[i].base + bi->mem[i].len;

	/* The bitmap goes in the first RAM above the image big enough to hold it
	 * and clear of the boot modules (Xen puts a ramdisk right after the
	 * image). */
	size_t bm_size = pmem_bitmap_size(top);
	uint64_t bm = 0, img_end = PAGE_ROUND_UP(VA(__image_end));
	for (unsigned i = 0; i < bi->nmem && !bm; i++) {
		const struct mem_region *r = &bi->mem[i];
		uint64_t start = r->base > img_end ? PAGE_ROUND_UP(r->base) : img_end;
		for (unsigned m = 0; m < bi->nmod; m++) {
			const struct boot_module *mod = &bi->mod[m];
			if (start < mod->paddr + mod->len && mod->paddr < start + bm_size) {
				start = PAGE_ROUND_UP(mod->paddr + mod->len);
				m = (unsigned)-1; /* again from the first: modules come in any order */
			}
		}
		if (r->type == MEM_RAM && start + bm_size <= r->base + r->len)
			bm = start;
	}
	if (!bm) {
		kprintf("amphi: no memory for the page bitmap (%lu bytes)\n", (unsigned long)bm_size);
		return -ENOMEM;
	}
	pmem_init(phys_to_virt(bm), top);
	for (unsigned i = 0; i < bi->nmem; i++)
		if (bi->mem[i].type == MEM_RAM)
			pmem_add(bi->mem[i].base, bi->mem[i].len);
	pmem_reserve(0, 0x100000); /* BIOS data, option ROMs, the loader's start info */
	pmem_reserve(VA(__image_start), VA(__image_end) - VA(__image_start));
	pmem_reserve(bm, bm_size);
	for (unsigned i = 0; i < bi->nmod; i++)
		pmem_reserve(bi->mod[i].paddr, bi->mod[i].len);

	int rc = platform->pt_init();
	/* RAM read/write/no-execute, except page 0 and the image. */
	for (unsigned i = 0; i < bi->nmem && rc == 0; i++) {
		const struct mem_region *r = &bi->mem[i];
		if (r->type != MEM_RAM)
			continue;
		uint64_t lo = PAGE_ROUND_UP(r->base), hi = PAGE_ROUND_DOWN(r->base + r->len);
		if (lo < PAGE_SIZE)
			lo = PAGE_SIZE;
		for (uint64_t a = lo; a < hi && rc == 0;) {
			/* Skip over the image, which gets its own permissions below. */
			if (a >= VA(__image_start) && a < img_end) {
				a = img_end;
				continue;
			}
			uint64_t end = (a < VA(__image_start) && hi > VA(__image_start)) ? VA(__image_start) : hi;
			rc = map_range(a, a, end - a, PT_READ | PT_WRITE);
			a = end;
		}
	}
	if (rc == 0)
		rc = map_range(VA(__text_start), VA(__text_start), VA(__text_end) - VA(__text_start),
			       PT_READ | PT_EXEC);
	if (rc == 0)
		rc = map_range(VA(__rodata_start), VA(__rodata_start),
			       VA(__rodata_end) - VA(__rodata_start), PT_READ);
	if (rc == 0)
		rc = map_range(VA(__data_start), VA(__data_start), img_end - VA(__data_start),
			       PT_READ | PT_WRITE);
	if (rc < 0) {
		kprintf("amphi: cannot build the kernel page tables (error %d): too little memory?\n", rc);
		return rc;
	}
	platform->pt_activate();
	return 0;
}

void *mm_stack_alloc(size_t size)
{
	uint64_t len = PAGE_ROUND_UP(size);
	uintptr_t base = stack_next + PAGE_SIZE; /* the guard page stays unmapped */
	if (base + len > STACK_LIMIT)
		return NULL;
	stack_next = base + len;
	if (map_fresh(base, len) < 0) {
		unmap_fresh(base, len);
		return NULL;
	}
	return (void *)(base + len);
}

void mm_stack_free(void *top, size_t size)
{
	uint64_t len = PAGE_ROUND_UP(size);
	unmap_fresh(VA(top) - len, len);
}

int mm_is_mapped(uintptr_t va) { return platform->pt_lookup(va, NULL); }

int mm_is_stack_guard(uintptr_t va)
{
	uintptr_t page = PAGE_ROUND_DOWN(va);
	return page >= STACK_BASE && page + PAGE_SIZE < stack_next && !mm_is_mapped(page) &&
	       mm_is_mapped(page + PAGE_SIZE);
}

void *mm_sbrk(intptr_t inc)
{
	uintptr_t old = heap_brk, new = heap_brk + inc;
	if (inc > 0 && (new < old || new > HEAP_LIMIT))
		goto nomem;
	if (inc < 0 && (new > old || new < HEAP_BASE))
		goto nomem;
	uintptr_t old_end = PAGE_ROUND_UP(old), new_end = PAGE_ROUND_UP(new);
	if (new_end > old_end && map_fresh(old_end, new_end - old_end) < 0) {
		unmap_fresh(old_end, new_end - old_end);
		goto nomem;
	}
	if (new_end < old_end)
		unmap_fresh(new_end, old_end - new_end);
	heap_brk = new;
	return (void *)old;
nomem:
	errno = ENOMEM;
	return (void *)-1;
}

void *mm_map_phys(uint64_t paddr, uint64_t len)
{
	uint64_t lo = PAGE_ROUND_DOWN(paddr), hi = PAGE_ROUND_UP(paddr + len);
	if (lo == 0 || hi < lo)
		return NULL;
	for (uint64_t a = lo; a < hi; a += PAGE_SIZE) {
		/* RAM and earlier mappings are already there; don't remap the image. */
		if (mm_is_mapped(a))
			continue;
		if (platform->pt_map(a, a, PAGE_SIZE, PT_READ | PT_WRITE | PT_DEVICE) < 0)
			return NULL;
	}
	return phys_to_virt(paddr);
}

void *page_alloc(void)
{
	uint64_t pa = pmem_alloc();
	if (!pa)
		return NULL;
	void *page = phys_to_virt(pa);
	memset(page, 0, PAGE_SIZE);
	return page;
}

void page_free(void *page)
{
	if (pmem_free((uint64_t)(uintptr_t)page) < 0)
		panic("page_free(%p): not an allocated page", page);
}

/* -- anonymous mappings (mmap) -- */

/* The reserved ranges of the mmap area, sorted and disjoint. Pages inside
 * them are mapped (with their protection) or, for PROT_NONE, not at all. */
struct vma {
	uintptr_t start, end;
	struct vma *next;
};
static struct vma *vmas;

/* Cut [start, end) out of the reservations (splitting one if needed). */
static int vma_cut(uintptr_t start, uintptr_t end)
{
	for (struct vma **link = &vmas, *v; (v = *link);) {
		if (v->end <= start || v->start >= end) {
			link = &v->next;
			continue;
		}
		if (v->start < start && v->end > end) { /* a hole in the middle */
			struct vma *right = malloc(sizeof(*right));
			if (!right)
				return -ENOMEM;
			*right = (struct vma){ end, v->end, v->next };
			v->end = start;
			v->next = right;
			return 0;
		}
		if (v->start < start)
			v->end = start, link = &v->next;
		else if (v->end > end)
			v->start = end, link = &v->next;
		else {
			*link = v->next;
			free(v);
		}
	}
	return 0;
}

static int vma_add(uintptr_t start, uintptr_t end)
{
	struct vma **link = &vmas;
	while (*link && (*link)->start < start)
		link = &(*link)->next;
	struct vma *v = malloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	*v = (struct vma){ start, end, *link };
	*link = v;
	return 0;
}

/* The lowest free range of len bytes in the mmap area, or 0. */
static uintptr_t vma_gap(uint64_t len)
{
	uintptr_t at = MMAP_BASE;
	for (struct vma *v = vmas; v; v = v->next) {
		if (v->start - at >= len)
			break;
		at = v->end;
	}
	return at + len <= MMAP_LIMIT ? at : 0;
}

static int in_mmap_area(uintptr_t va, uint64_t len)
{
	return va >= MMAP_BASE && va <= MMAP_LIMIT && len <= MMAP_LIMIT - va;
}

void *mm_map_anon(uintptr_t addr, size_t size, unsigned flags, int fixed)
{
	uint64_t len = PAGE_ROUND_UP(size);
	if (len == 0 || len < size)
		return NULL;
	if (fixed) {
		if (addr % PAGE_SIZE || !in_mmap_area(addr, len) || mm_unmap_anon(addr, len) < 0)
			return NULL;
	} else if (!(addr = vma_gap(len)))
		return NULL;
	if (vma_add(addr, addr + len) < 0)
		return NULL;
	if (flags && map_fresh_as(addr, len, flags, 1) < 0) {
		mm_unmap_anon(addr, len);
		return NULL;
	}
	return (void *)addr;
}

int mm_unmap_anon(uintptr_t addr, size_t size)
{
	uint64_t len = PAGE_ROUND_UP(size);
	if (addr % PAGE_SIZE || len == 0 || !in_mmap_area(addr, len))
		return -EINVAL;
	int err = vma_cut(addr, addr + len);
	if (!err)
		unmap_fresh(addr, len);
	return err;
}

/* Is all of [addr, addr+len) reserved? */
static int vma_covers(uintptr_t addr, uint64_t len)
{
	for (struct vma *v = vmas; v && len; v = v->next) {
		if (v->end <= addr)
			continue;
		if (v->start > addr)
			return 0;
		uint64_t k = v->end - addr < len ? v->end - addr : len;
		addr += k, len -= k;
	}
	return len == 0;
}

int mm_protect_anon(uintptr_t addr, size_t size, unsigned flags)
{
	uint64_t len = PAGE_ROUND_UP(size);
	if (addr % PAGE_SIZE)
		return -EINVAL;
	if (!in_mmap_area(addr, len) || !vma_covers(addr, len))
		return -ENOMEM;
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		uintptr_t va = addr + off;
		int mapped = mm_is_mapped(va), err = 0;
		if (!flags && mapped)
			unmap_fresh(va, PAGE_SIZE); /* PROT_NONE gives the page back */
		else if (flags && mapped)
			err = platform->pt_protect(va, PAGE_SIZE, flags);
		else if (flags)
			err = map_fresh_as(va, PAGE_SIZE, flags, 1);
		if (err)
			return -ENOMEM;
	}
	return 0;
}

int mm_zero_anon(uintptr_t addr, size_t size)
{
	uint64_t len = PAGE_ROUND_UP(size);
	if (addr % PAGE_SIZE)
		return -EINVAL;
	if (!in_mmap_area(addr, len) || !vma_covers(addr, len))
		return -ENOMEM;
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t pa;
		if (platform->pt_lookup(addr + off, &pa))
			memset(phys_to_virt(pa), 0, PAGE_SIZE);
	}
	return 0;
}
