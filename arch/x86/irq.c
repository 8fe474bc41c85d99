/* Interrupt vectors: registration, dispatch, requests (arch/irq.h, vectors.h). */
#include "arch/irq.h"
#include "vectors.h"

#include <errno.h>
#include <stddef.h>

#include "apic.h"
#include "arch/arch.h"
#include "kernel/printk.h"

struct irq_handler {
	void (*fn)(void *arg);
	void *arg;
};

static struct irq_handler handlers[256];
static uint8_t vector_taken[256];
static uint64_t counts[256];
static uint8_t reported[256];
static const struct irq_router *router;

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

void irq_msi_message(int vector, uint64_t *addr, uint32_t *data)
{
	/* Address 0xFEExxxxx: destination APIC id in bits 19:12, physical mode, no
	 * redirection hint. Data: vector, fixed delivery, edge. */
	*addr = 0xfee00000u | (uint64_t)(apic_id() & 0xff) << 12;
	*data = (uint32_t)vector & 0xff;
}

uint64_t irq_count(int vector) { return vector >= 0 && vector < 256 ? counts[vector] : 0; }

void irq_set_router(const struct irq_router *r) { router = r; }

int irq_request(struct irq_request *req, void (*fn)(void *arg), void *arg)
{
	int vector = irq_alloc_vector();
	if (vector < 0)
		return vector;
	int rc = irq_register(vector, fn, arg);
	if (rc == 0 && req->source == IRQ_FROM_GSI)
		rc = router ? router->route(req->gsi, vector, req->flags) : -ENODEV;
	if (rc < 0) {
		irq_unregister(vector);
		return rc;
	}
	if (req->source == IRQ_FROM_MSI)
		irq_msi_message(vector, &req->msi_addr, &req->msi_data);
	req->vector = vector;
	return 0;
}

void irq_release(struct irq_request *req)
{
	if (req->source == IRQ_FROM_GSI && router)
		router->mask(req->gsi);
	irq_unregister(req->vector);
}
