/*
 * Page tables of a Xen PV guest. Xen owns the tables: entries hold machine
 * frames, every write goes through mmu_update (validated once the tables are
 * pinned), and a page-table page may never be mapped writable anywhere. So:
 *  - table pages are remembered (a hash set) and every mapping of them is
 *    made read-only, in the new tables and in Xen's boot tables alike;
 *  - before the switch the new tables are not mapped, so they are read and
 *    zeroed through one scratch page whose mapping we move around;
 *  - after it, RAM is identity-mapped and tables are read directly.
 */
#include <errno.h>
#include <string.h>

#include "arch/x86/pagetable.h"
#include "kernel/mm.h"
#include "pv.h"


#define BATCH 64

static const xen_pfn_t *p2m;
static unsigned long nr_pfns;
static uint64_t root; /* pfn of the new L4 */
static int active;
static uint8_t scratch[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* Open-addressing set of table pfns (stored + 1, 0 = empty). 8192 slots
 * hold the ~4000 tables that map 8 GiB in 4 KiB pages, at half load. */
#define TABLES_MAX 8192
static uint64_t tables[TABLES_MAX];
static unsigned ntables;

static int is_table(uint64_t pfn)
{
	if (pfn >= nr_pfns)
		return 0; /* not ours (INVALID_M2P_ENTRY for Xen's own pages) */
	for (unsigned i = (unsigned)(pfn * 0x9e3779b1u) % TABLES_MAX;; i = (i + 1) % TABLES_MAX) {
		if (tables[i] == pfn + 1)
			return 1;
		if (!tables[i])
			return 0;
	}
}

static int add_table(uint64_t pfn)
{
	if (ntables >= TABLES_MAX / 2)
		return -ENOMEM;
	unsigned i = (unsigned)(pfn * 0x9e3779b1u) % TABLES_MAX;
	while (tables[i])
		i = (i + 1) % TABLES_MAX;
	tables[i] = pfn + 1;
	ntables++;
	return 0;
}

void pv_pt_setup(const xen_pfn_t *list, unsigned long n)
{
	p2m = list;
	nr_pfns = n;
}

uint64_t pv_pfn_to_mfn(uint64_t pfn) { return pfn < nr_pfns ? p2m[pfn] : 0; }

static long update_va(uintptr_t va, uint64_t pte)
{
	return hypercall3(__HYPERVISOR_update_va_mapping, va, pte, UVMF_INVLPG | UVMF_LOCAL);
}

static long mmu_update(struct mmu_update *u, unsigned n)
{
	return n ? hypercall4(__HYPERVISOR_mmu_update, u, n, NULL, DOMID_SELF) : 0;
}

static long mmuext(unsigned cmd, uint64_t arg)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = arg };
	return hypercall4(__HYPERVISOR_mmuext_op, &op, 1, NULL, DOMID_SELF);
}

static void flush_tlb(void)
{
	if (active)
		mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0);
}

static uint64_t entry_ptr(uint64_t table_pfn, unsigned idx)
{
	return (pv_pfn_to_mfn(table_pfn) << PAGE_SHIFT) + idx * 8 + MMU_NORMAL_PT_UPDATE;
}

static long set_entry(uint64_t table_pfn, unsigned idx, uint64_t val)
{
	struct mmu_update u = { .ptr = entry_ptr(table_pfn, idx), .val = val };
	return mmu_update(&u, 1);
}

static uint64_t read_entry(uint64_t table_pfn, unsigned idx)
{
	if (active)
		return ((volatile uint64_t *)phys_to_virt(table_pfn << PAGE_SHIFT))[idx];
	update_va((uintptr_t)scratch, pv_pfn_to_mfn(table_pfn) << PAGE_SHIFT | PTE_P | PTE_U | PTE_NX);
	return ((volatile uint64_t *)scratch)[idx];
}

static int walk(uintptr_t va, int create, uint64_t *l1);

/* Drop every writable mapping of table page pfn (identity address and,
 * before the switch, Xen's boot tables, which map some free RAM). */
static void make_read_only(uint64_t pfn)
{
	uint64_t ro = pv_pfn_to_mfn(pfn) << PAGE_SHIFT | PTE_P | PTE_U | PTE_NX;
	uintptr_t va = (uintptr_t)pfn << PAGE_SHIFT;
	uint64_t l1;
	if (active) {
		update_va(va, ro); /* also flushes the TLB */
		return;
	}
	if (root && walk(va, 0, &l1) == 0 && (read_entry(l1, (va >> 12) & 511) & PTE_P))
		set_entry(l1, (va >> 12) & 511, ro);
	update_va(va, ro); /* fails harmlessly where the boot tables have no L1 */
}

/* A zeroed page for a table, already read-only everywhere; pfn or 0. */
static uint64_t new_table(void)
{
	uint64_t pa = pmem_alloc();
	if (!pa)
		return 0;
	uint64_t pfn = pa >> PAGE_SHIFT;
	if (add_table(pfn) < 0) {
		pmem_free(pa);
		return 0;
	}
	update_va((uintptr_t)scratch, pv_pfn_to_mfn(pfn) << PAGE_SHIFT | PTE_P | PTE_W | PTE_U | PTE_NX);
	memset(scratch, 0, PAGE_SIZE);
	update_va((uintptr_t)scratch, 0);
	make_read_only(pfn);
	return pfn;
}

/* The L1 table holding va's entry, creating missing levels when asked. */
static int walk(uintptr_t va, int create, uint64_t *l1)
{
	uint64_t t = root;
	for (int shift = 39; shift > 12; shift -= 9) {
		unsigned idx = (va >> shift) & 511;
		uint64_t e = read_entry(t, idx);
		if (e & PTE_P) {
			t = pv_mfn_to_pfn((e & PTE_ADDR) >> PAGE_SHIFT);
			continue;
		}
		if (!create)
			return -ENOENT;
		uint64_t child = new_table();
		if (!child)
			return -ENOMEM;
		/* Upper levels allow everything; the leaf decides. */
		if (set_entry(t, idx, pv_pfn_to_mfn(child) << PAGE_SHIFT | PTE_P | PTE_W | PTE_U) < 0)
			return -EIO;
		t = child;
	}
	*l1 = t;
	return 0;
}

/* The PV kernel runs in ring 3: its pages are user pages. */
static uint64_t leaf_bits(unsigned flags) { return pte_leaf_bits(flags) | PTE_U; }

/* Set the leaves of [va, va+len) to frame(arg, i) | bits, in batches. */
static int set_leaves(uintptr_t va, size_t len, uint64_t (*frame)(uint64_t arg, size_t i), uint64_t arg,
		      unsigned flags)
{
	struct mmu_update batch[BATCH];
	unsigned n = 0;
	uint64_t l1 = 0;
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uintptr_t a = va + off;
		unsigned idx = (a >> 12) & 511;
		if (off == 0 || idx == 0 || n == BATCH) {
			/* Flushed before any walk: a table it creates must find
			 * (and write-protect) the leaves queued so far. */
			if (mmu_update(batch, n) < 0)
				return -EIO;
			n = 0;
		}
		if (off == 0 || idx == 0) {
			int rc = walk(a, 1, &l1);
			if (rc < 0)
				return rc;
		}
		uint64_t mfn = frame(arg, off / PAGE_SIZE);
		uint64_t val = 0;
		if (mfn) {
			val = mfn << PAGE_SHIFT | leaf_bits(flags);
			if (is_table(pv_mfn_to_pfn(mfn)))
				val &= ~PTE_W;
		}
		batch[n++] = (struct mmu_update){ .ptr = entry_ptr(l1, idx), .val = val };
	}
	return mmu_update(batch, n) < 0 ? -EIO : 0;
}

static uint64_t frame_of_pa(uint64_t pa, size_t i) { return pv_pfn_to_mfn((pa >> PAGE_SHIFT) + i); }
static uint64_t frame_fixed(uint64_t mfn, size_t i) { return (void)i, mfn; }

int pv_pt_init(void)
{
	root = new_table();
	active = 0;
	return root ? 0 : -ENOMEM;
}

int pv_pt_unmap(uintptr_t va, size_t len)
{
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t l1;
		if (walk(va + off, 0, &l1) == 0)
			set_entry(l1, ((va + off) >> 12) & 511, 0);
	}
	flush_tlb();
	return 0;
}

int pv_pt_map(uintptr_t va, uint64_t pa, size_t len, unsigned flags)
{
	if (((va | pa | len) & (PAGE_SIZE - 1)) || !pt_range_ok(va, pa, len))
		return -EINVAL;
	if ((pa + len) >> PAGE_SHIFT > nr_pfns)
		return -EINVAL; /* not our memory: there is nothing there to map */
	int rc = set_leaves(va, len, frame_of_pa, pa, flags);
	if (rc < 0)
		pv_pt_unmap(va, len);
	flush_tlb();
	return rc;
}

int pv_pt_map_mfn(uintptr_t va, uint64_t mfn, unsigned flags)
{
	int rc = set_leaves(va, PAGE_SIZE, frame_fixed, mfn, flags);
	flush_tlb();
	return rc;
}

int pv_pt_protect(uintptr_t va, size_t len, unsigned flags)
{
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t l1, e;
		unsigned idx = ((va + off) >> 12) & 511;
		if (walk(va + off, 0, &l1) < 0 || !((e = read_entry(l1, idx)) & PTE_P))
			return -EFAULT;
		uint64_t val = (e & PTE_ADDR) | leaf_bits(flags);
		if (is_table(pv_mfn_to_pfn((e & PTE_ADDR) >> PAGE_SHIFT)))
			val &= ~PTE_W;
		if (set_entry(l1, idx, val) < 0)
			return -EIO;
	}
	flush_tlb();
	return 0;
}

int pv_pt_lookup(uintptr_t va, uint64_t *pa)
{
	/* Non-canonical addresses are never mapped. */
	if ((uint64_t)((int64_t)((uint64_t)va << 16) >> 16) != va)
		return 0;
	uint64_t l1, e;
	if (walk(va, 0, &l1) < 0 || !((e = read_entry(l1, (va >> 12) & 511)) & PTE_P))
		return 0;
	if (pa)
		*pa = pv_mfn_to_pfn((e & PTE_ADDR) >> PAGE_SHIFT) << PAGE_SHIFT;
	return 1;
}

int pv_pt_switch(uint64_t boot_root_pfn)
{
	/* The scratch page must not map a table when Xen validates them all. */
	update_va((uintptr_t)scratch, 0);
	long rc = mmuext(MMUEXT_PIN_L4_TABLE, pv_pfn_to_mfn(root));
	if (rc == 0)
		rc = mmuext(MMUEXT_NEW_BASEPTR, pv_pfn_to_mfn(root));
	/* Xen's boot tables map free RAM writable: unpinned and unused, they
	 * no longer count, so those pages can become tables too. */
	if (rc == 0)
		rc = mmuext(MMUEXT_UNPIN_TABLE, pv_pfn_to_mfn(boot_root_pfn));
	if (rc == 0)
		active = 1;
	return (int)rc;
}
