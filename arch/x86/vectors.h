/*
 * x86 interrupt vectors, below arch/irq.h's requests (whose handler rules
 * hold here too): the platforms and the timer test use these directly.
 *
 * Vectors: 0x00-0x1f exceptions, 0x20-0x2f the masked legacy 8259s (never
 * handed out), 0x30-0xfe for drivers and the timer, 0xff spurious (ignored,
 * no EOI). An interrupt on a vector with no handler is counted, reported once,
 * and acknowledged; it is not fatal. The end of interrupt goes to the local
 * APIC after the handler returns; handlers run on IST5 with every register,
 * the SSE/x87 state included, saved (fxsave).
 */
#ifndef AMPHI_X86_VECTORS_H
#define AMPHI_X86_VECTORS_H

#include <stdint.h>

#include "arch/irq.h"

#define IRQ_VECTOR_PIC 0x20 /* 16 vectors the remapped 8259s would use */
#define IRQ_VECTOR_FIRST 0x30
#define IRQ_VECTOR_LAST 0xfe
#define IRQ_VECTOR_SPURIOUS 0xff


/* A vector nobody uses yet, now reserved for the caller; -ENOSPC if none. */
int irq_alloc_vector(void);
/* Run fn(arg) on each interrupt at vector (IRQ_VECTOR_FIRST..LAST; it need
 * not come from irq_alloc_vector). 0, -EINVAL, or -EBUSY if it has a handler. */
int irq_register(int vector, void (*fn)(void *arg), void *arg);
/* Remove the handler and free the vector. Mask the source first. */
void irq_unregister(int vector);

/* What a PCI MSI/MSI-X capability must be programmed with to interrupt this
 * CPU's local APIC on vector (fixed delivery, edge). */
void irq_msi_message(int vector, uint64_t *addr, uint32_t *data);

/* Halt until an interrupt; called and returns with interrupts disabled, so
 * that a caller that found nothing to do cannot miss the wake-up (irq_entry.S). */
void x86_idle(void);

/* How many times vector has arrived (handled or not); for tests and statistics. */
uint64_t irq_count(int vector);

/* The board's interrupt controller, which routes irq_request()s from a GSI
 * (the PC's IOAPICs: platform/pc/interrupts.c); none: they fail, -ENODEV. */
struct irq_router {
	int (*route)(unsigned gsi, int vector, unsigned flags); /* and unmask */
	void (*mask)(unsigned gsi);
};
void irq_set_router(const struct irq_router *router);

#endif
