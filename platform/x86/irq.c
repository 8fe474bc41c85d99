/* Interrupt registration, dispatch and routing (see irq.h). */
#include "irq.h"

#include <errno.h>
#include <stddef.h>

#include "acpi.h"
#include "apic.h"
#include "arch.h"
#include "io.h"
#include "ioapic.h"
#include "kernel.h"
#include "mm.h"
#include "printk.h"

struct irq_handler {
	void (*fn)(void *arg);
	void *arg;
};

static struct irq_handler handlers[256];
static uint8_t vector_taken[256];
static uint64_t counts[256];
static uint8_t reported[256];
static struct {
	unsigned gsi, flags;
} isa_irqs[16];
static int initialized;

/* Called by irq_entry.S with interrupts disabled, on the interrupt stack. */
void irq_dispatch(uint64_t vector)
{
	vector &= 0xff;
	counts[vector]++;
	if (vector == IRQ_VECTOR_SPURIOUS)
		return; /* nothing is in service: no EOI */
	const struct irq_handler *h = &handlers[vector];
	if (h->fn) {
		h->fn(h->arg);
	} else if (!reported[vector]) {
		reported[vector] = 1;
		kprintf("amphi: unexpected interrupt on vector %#lx (ignored; counted from now on)\n",
			(unsigned long)vector);
	}
	apic_eoi();
}

/* Point the 8259s at vectors nobody uses (the firmware left them on the
 * exception vectors), then mask every line: the IOAPIC takes over. */
static void pic_disable(void)
{
	outb(0x20, 0x11); /* ICW1: initialise, ICW4 follows */
	outb(0xa0, 0x11);
	outb(0x21, IRQ_VECTOR_PIC); /* ICW2: vector base */
	outb(0xa1, IRQ_VECTOR_PIC + 8);
	outb(0x21, 1 << 2); /* ICW3: the slave sits on IRQ 2 */
	outb(0xa1, 2);
	outb(0x21, 0x01); /* ICW4: 8086 mode */
	outb(0xa1, 0x01);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

static void describe(void)
{
	kprintf("amphi: local APIC %u (%s)", apic_id(), apic_is_x2apic() ? "x2APIC" : "xAPIC");
	uint64_t paddr;
	unsigned base, pins;
	for (unsigned i = 0; ioapic_describe(i, &paddr, &base, &pins); i++)
		kprintf(", IOAPIC %#lx GSI %u-%u", (unsigned long)paddr, base, base + pins - 1);
	for (unsigned i = 0; i < 16; i++)
		if (isa_irqs[i].gsi != i || isa_irqs[i].flags)
			kprintf(", IRQ %u->GSI %u%s%s", i, isa_irqs[i].gsi,
				isa_irqs[i].flags & IRQ_LEVEL ? " level" : "",
				isa_irqs[i].flags & IRQ_ACTIVE_LOW ? " low" : "");
	kprintf("\n");
}

int irq_init(uint64_t rsdp_paddr)
{
	if (initialized)
		return 0;
	pic_disable();
	int rc = apic_init();
	if (rc < 0) {
		kprintf("amphi: no usable local APIC (error %d)\n", rc);
		return rc;
	}

	struct acpi_madt madt;
	unsigned ioapics = 0;
	acpi_parse_madt(mm_map_phys, rsdp_paddr, &madt);
	for (unsigned i = 0; i < madt.nioapic; i++) {
		if ((rc = ioapic_add(madt.ioapic[i].paddr, madt.ioapic[i].gsi_base)) == 0)
			ioapics++;
		else
			kprintf("amphi: IOAPIC at %#x unusable (error %d)\n", madt.ioapic[i].paddr, rc);
	}
	/* No MADT (microvm,acpi=off): the standard PC layout. */
	if (!ioapics)
		ioapic_add(IOAPIC_DEFAULT_PADDR, 0);
	for (unsigned i = 0; i < 16; i++) {
		isa_irqs[i].gsi = madt.isa[i].gsi;
		isa_irqs[i].flags = (madt.isa[i].level ? IRQ_LEVEL : IRQ_EDGE) |
				    (madt.isa[i].active_low ? IRQ_ACTIVE_LOW : IRQ_ACTIVE_HIGH);
	}
	/* The PIT's IRQ 0 is wired to pin 2, as on every PC; QEMU's IOAPIC does
	 * so on every machine, but microvm's MADT leaves out the override. */
	if (isa_irqs[0].gsi == 0)
		isa_irqs[0].gsi = 2;
	initialized = 1;
	if (kernel_cmdline.verbose)
		describe();
	return 0;
}

int irq_alloc_vector(void)
{
	int found = -ENOSPC;
	unsigned long irq = arch_irq_save();
	for (int v = IRQ_VECTOR_FIRST; v <= IRQ_VECTOR_LAST; v++) {
		if (!vector_taken[v]) {
			vector_taken[v] = 1;
			found = v;
			break;
		}
	}
	arch_irq_restore(irq);
	return found;
}

int irq_register(int vector, void (*fn)(void *arg), void *arg)
{
	if (vector < IRQ_VECTOR_FIRST || vector > IRQ_VECTOR_LAST || !fn)
		return -EINVAL;
	int rc = 0;
	unsigned long irq = arch_irq_save();
	if (handlers[vector].fn) {
		rc = -EBUSY;
	} else {
		handlers[vector] = (struct irq_handler){ fn, arg };
		vector_taken[vector] = 1;
	}
	arch_irq_restore(irq);
	return rc;
}

void irq_unregister(int vector)
{
	if (vector < IRQ_VECTOR_FIRST || vector > IRQ_VECTOR_LAST)
		return;
	unsigned long irq = arch_irq_save();
	handlers[vector] = (struct irq_handler){ NULL, NULL };
	vector_taken[vector] = 0;
	arch_irq_restore(irq);
}

int irq_route_gsi(unsigned gsi, int vector, unsigned flags)
{
	if (vector < IRQ_VECTOR_FIRST || vector > IRQ_VECTOR_LAST)
		return -EINVAL;
	return ioapic_route(gsi, (uint8_t)vector, flags, apic_id());
}

void irq_mask_gsi(unsigned gsi) { ioapic_mask(gsi); }

unsigned irq_isa_gsi(unsigned isa_irq, unsigned *flags)
{
	if (isa_irq >= 16) {
		*flags = IRQ_EDGE | IRQ_ACTIVE_HIGH;
		return isa_irq;
	}
	*flags = isa_irqs[isa_irq].flags;
	return isa_irqs[isa_irq].gsi;
}

void irq_msi_message(int vector, uint64_t *addr, uint32_t *data)
{
	/* Address 0xFEExxxxx: destination APIC id in bits 19:12, physical mode, no
	 * redirection hint. Data: vector, fixed delivery, edge. */
	*addr = 0xfee00000u | (uint64_t)(apic_id() & 0xff) << 12;
	*data = (uint32_t)vector & 0xff;
}

uint64_t irq_count(int vector) { return vector >= 0 && vector < 256 ? counts[vector] : 0; }
