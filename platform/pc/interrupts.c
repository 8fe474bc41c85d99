/* The PC's interrupt controllers: the 8259s (masked), the IOAPICs found
 * through the ACPI MADT, and the ISA IRQ overrides (see interrupts.h). */
#include "interrupts.h"

#include <errno.h>

#include "acpi.h"
#include "arch/io.h"
#include "arch/x86/apic.h"
#include "arch/x86/vectors.h"
#include "ioapic.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "platform/platform.h"

static struct {
	unsigned gsi, flags;
} isa_irqs[16];
static int initialized;

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

static const struct irq_router ioapic_router = { .route = irq_route_gsi, .mask = irq_mask_gsi };

int pc_irq_init(uint64_t rsdp_paddr)
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
	irq_set_router(&ioapic_router);
	initialized = 1;
	if (kernel_verbose())
		describe();
	return 0;
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

