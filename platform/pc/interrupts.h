/* The PC's interrupt controllers: 8259s, IOAPICs, ISA IRQ overrides. */
#ifndef AMPHI_PC_INTERRUPTS_H
#define AMPHI_PC_INTERRUPTS_H

#include <stdint.h>

#include "arch/x86/vectors.h"

/* The PC platform's late_init, once memory management is up: mask the
 * 8259s, enable the local APIC, find the IOAPICs through the ACPI MADT at
 * rsdp_paddr (0: search for it; none: one IOAPIC at 0xFEC00000), mask every
 * pin and route irq_request()s' GSIs through them. Leaves interrupts
 * disabled. Calling it again does nothing. 0 or a negative errno (printed). */
int pc_irq_init(uint64_t rsdp_paddr);

/* Deliver global system interrupt gsi (an IOAPIC input) as vector to this
 * CPU, and unmask it. flags: IRQ_EDGE or IRQ_LEVEL | IRQ_ACTIVE_HIGH or
 * IRQ_ACTIVE_LOW. 0, -EINVAL (bad vector) or -ENODEV (no IOAPIC has gsi). */
int irq_route_gsi(unsigned gsi, int vector, unsigned flags);
/* Mask gsi again. */
void irq_mask_gsi(unsigned gsi);
/* The GSI and flags of legacy ISA IRQ isa_irq (0-15), after the MADT's
 * interrupt source overrides (e.g. the PIT's IRQ 0 is GSI 2 on a PC). */
unsigned irq_isa_gsi(unsigned isa_irq, unsigned *flags);

#endif
