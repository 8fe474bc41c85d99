/*
 * Interrupts on x86 (local APIC + IOAPIC): what drivers use.
 *
 * Rules for handlers:
 *  - Handlers run with interrupts disabled on the interrupt stack (IST5), so
 *    they never nest. They must be short and must not block, sleep or switch
 *    threads; they may call event_signal()/waitq_wake_*() to wake threads,
 *    which then run at the next scheduling point.
 *  - Every register is saved around a handler, the SSE/x87 state included
 *    (fxsave), so handlers are plain C and may interrupt any code.
 *  - The layer sends the EOI after the handler returns. A level-triggered
 *    source must be quieted (the device acknowledged) inside the handler, or
 *    it fires again at once.
 *
 * Vectors: 0x00-0x1f exceptions, 0x20-0x2f the masked legacy 8259s (never
 * handed out), 0x30-0xfe for drivers and the timer, 0xff spurious (ignored,
 * no EOI). An interrupt on a vector with no handler is counted, reported once,
 * and acknowledged; it is not fatal.
 */
#ifndef AMPHI_X86_IRQ_H
#define AMPHI_X86_IRQ_H

#include <stdint.h>

#define IRQ_VECTOR_PIC 0x20 /* 16 vectors the remapped 8259s would use */
#define IRQ_VECTOR_FIRST 0x30
#define IRQ_VECTOR_LAST 0xfe
#define IRQ_VECTOR_SPURIOUS 0xff

/* irq_route_gsi() flags: trigger mode | polarity. */
#define IRQ_EDGE 0x0
#define IRQ_LEVEL 0x1
#define IRQ_ACTIVE_HIGH 0x0
#define IRQ_ACTIVE_LOW 0x2

/* Platform start-up (the KVM platform's late_init, once memory management is
 * up): mask the 8259s, enable the local APIC, find the IOAPICs through the
 * ACPI MADT at rsdp_paddr (0: search for it; none: one IOAPIC at
 * 0xFEC00000) and mask every pin. Leaves interrupts disabled. Calling it
 * again does nothing. Returns 0 or a negative errno (message printed). */
int irq_init(uint64_t rsdp_paddr);

/* A vector nobody uses yet, now reserved for the caller; -ENOSPC if none. */
int irq_alloc_vector(void);
/* Run fn(arg) on each interrupt at vector (IRQ_VECTOR_FIRST..LAST; it need
 * not come from irq_alloc_vector). 0, -EINVAL, or -EBUSY if it has a handler. */
int irq_register(int vector, void (*fn)(void *arg), void *arg);
/* Remove the handler and free the vector. Mask the source first. */
void irq_unregister(int vector);

/* Deliver global system interrupt gsi (an IOAPIC input) as vector to this
 * CPU, and unmask it. flags: IRQ_EDGE or IRQ_LEVEL | IRQ_ACTIVE_HIGH or
 * IRQ_ACTIVE_LOW. 0, -EINVAL (bad vector) or -ENODEV (no IOAPIC has gsi). */
int irq_route_gsi(unsigned gsi, int vector, unsigned flags);
/* Mask gsi again. */
void irq_mask_gsi(unsigned gsi);
/* The GSI and flags of legacy ISA IRQ isa_irq (0-15), after the MADT's
 * interrupt source overrides (e.g. the PIT's IRQ 0 is GSI 2 on a PC). */
unsigned irq_isa_gsi(unsigned isa_irq, unsigned *flags);

/* What a PCI MSI/MSI-X capability must be programmed with to interrupt this
 * CPU's local APIC on vector (fixed delivery, edge). */
void irq_msi_message(int vector, uint64_t *addr, uint32_t *data);

/* Halt until an interrupt; called and returns with interrupts disabled, so
 * that a caller that found nothing to do cannot miss the wake-up (irq_entry.S). */
void x86_idle(void);

/* How many times vector has arrived (handled or not); for tests and statistics. */
uint64_t irq_count(int vector);

#endif
