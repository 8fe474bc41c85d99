#include "mm.h"

#include <errno.h>

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

/* Map freshly allocated pages at [va, va+len); on failure undo and return -ENOMEM. */
static int map_fresh(uintptr_t va, uint64_t len)
{
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t pa = pmem_alloc();
		if (!pa || platform->pt_map(va + off, pa, PAGE_SIZE, PT_READ | PT_WRITE) < 0) {
			if (pa)
				pmem_free(pa);
			/* Pages already mapped here are released by the caller's unmap. */
			return -ENOMEM;
		}
	}
	return 0;
}

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

	/* The bitmap goes in the first RAM above the image big enough to hold it. */
	size_t bm_size = pmem_bitmap_size(top);
	uint64_t bm = 0, img_end = PAGE_ROUND_UP(VA(__image_end));
	for (unsigned i = 0; i < bi->nmem && !bm; i++) {
		const struct mem_region *r = &bi->mem[i];
		uint64_t start = r->base > img_end ? PAGE_ROUND_UP(r->base) : img_end;
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
