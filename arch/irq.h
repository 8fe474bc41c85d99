/*
 * Interrupt requests: how a driver (or a platform) gets an interrupt, in one
 * call that picks a vector, attaches the handler and routes the source to it.
 *
 * Rules for handlers: they run with interrupts disabled, on an interrupt
 * stack of their own, and never nest. They must be short and must not block,
 * sleep or switch threads; they may wake threads (event_signal(),
 * waitq_wake_*()), which then run at the next scheduling point. Every
 * register is saved around them, the FPU/SSE state included. The end of
 * interrupt is sent after the handler returns, so a level-triggered source
 * must be quieted (the device acknowledged) inside it.
 */
#ifndef AMPHI_ARCH_IRQ_H
#define AMPHI_ARCH_IRQ_H

#include <stdint.h>

/* struct irq_request.source */
#define IRQ_FROM_VECTOR 0 /* nothing to route: the caller points its source at .vector */
#define IRQ_FROM_GSI 1    /* an input of the board's interrupt controller */
#define IRQ_FROM_MSI 2    /* a message-signalled interrupt: program .msi_* into the device */

/* struct irq_request.flags (IRQ_FROM_GSI): trigger mode | polarity. */
#define IRQ_EDGE 0x0
#define IRQ_LEVEL 0x1
#define IRQ_ACTIVE_HIGH 0x0
#define IRQ_ACTIVE_LOW 0x2

struct irq_request {
	unsigned source; /* IRQ_FROM_* */
	unsigned gsi;	 /* IRQ_FROM_GSI: which input, and its IRQ_* flags */
	unsigned flags;
	/* Filled in by irq_request(): */
	int vector;
	uint64_t msi_addr; /* IRQ_FROM_MSI: what the device writes, and where */
	uint32_t msi_data;
};

/* Run fn(arg) on each interrupt from req's source; the source is routed and
 * unmasked. 0, or -ENOSPC (no vector left), -ENODEV (no controller has that
 * input), -EINVAL; on failure nothing stays allocated. */
int irq_request(struct irq_request *req, void (*fn)(void *arg), void *arg);
/* Mask the source, detach the handler, free the vector. */
void irq_release(struct irq_request *req);

#endif
