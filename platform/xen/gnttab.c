/* Grant tables v1 (gnttab.h). The table frames are Xen's; where they appear
 * in our address space depends on the guest type (xen_ops->grant_frames). */
#include "gnttab.h"

#include <errno.h>

#include "arch/arch.h"
#include "gntref.h"
#include "kernel/mm.h"
#include "xen_internal.h"

#define NR_FRAMES 4
#define NR_ENTRIES (NR_FRAMES * PAGE_SIZE / sizeof(grant_entry_v1_t))

static uint8_t frames[NR_FRAMES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static volatile grant_entry_v1_t *table;
static uint32_t next[NR_ENTRIES];
static struct gntref_pool pool;
static int setup_rc = 1; /* 1: not tried yet */

static int setup(void)
{
	if (setup_rc == 1) {
		setup_rc = xen_ops->grant_frames(frames, NR_FRAMES);
		if (setup_rc == 0) {
			table = (volatile grant_entry_v1_t *)frames;
			gntref_init(&pool, next, NR_ENTRIES, GNTTAB_NR_RESERVED_ENTRIES);
		}
	}
	return setup_rc;
}

int gnttab_grant(domid_t dom, uint64_t pa, int readonly)
{
	unsigned long irq = arch_irq_save();
	int rc = setup();
	uint32_t ref = rc < 0 ? GNTREF_NONE : gntref_alloc(&pool);
	arch_irq_restore(irq);
	if (rc < 0)
		return rc;
	if (ref == GNTREF_NONE)
		return -ENOSPC;
	table[ref].frame = (uint32_t)xen_ops->gfn(pa >> PAGE_SHIFT);
	table[ref].domid = dom;
	/* Frame and domain first: the flags make the entry valid. */
	__atomic_store_n(&table[ref].flags, GTF_permit_access | (readonly ? GTF_readonly : 0),
			 __ATOMIC_RELEASE);
	return (int)ref;
}

int gnttab_end(uint32_t ref)
{
	if (!table || ref < GNTTAB_NR_RESERVED_ENTRIES || ref >= NR_ENTRIES)
		return -EINVAL;
	uint16_t flags = table[ref].flags;
	do {
		/* Still mapped by the other side: revoking now would let it keep
		 * using a page we hand to someone else. */
		if (flags & (GTF_reading | GTF_writing))
			return -EBUSY;
	} while (!__atomic_compare_exchange_n(&table[ref].flags, &flags, 0, 0, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	unsigned long irq = arch_irq_save();
	int rc = gntref_free(&pool, ref);
	arch_irq_restore(irq);
	return rc < 0 ? -EINVAL : 0;
}
