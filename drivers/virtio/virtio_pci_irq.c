/*
 * Interrupts for virtio PCI devices: MSI-X when the device has it (one
 * vector for every queue and config changes), else INTx through the IOAPIC.
 * INTx lines are shared (PCI slots map onto four links), so each line gets
 * one vector and a list of the virtio devices on it; reading a device's ISR
 * says whether it was interrupting and lowers its part of the line.
 */
#include <errno.h>

#include "arch/arch.h"
#include "arch/irq.h"
#include "kernel/printk.h"
#include "virtio_pci.h"

struct intx_line {
	unsigned gsi;
	struct virtio_pci *devices;
};
#define MAX_INTX_LINES 8
static struct intx_line lines[MAX_INTX_LINES];
static unsigned nlines;

static void msix_handler(void *arg)
{
	struct virtio_pci *vp = arg;
	vp->irq_fn(vp->irq_arg);
}

static void intx_handler(void *arg)
{
	struct intx_line *line = arg;
	for (struct virtio_pci *vp = line->devices; vp; vp = vp->intx_next)
		if (vp->read_isr(vp))
			vp->irq_fn(vp->irq_arg);
}

static int setup_msix(struct virtio_pci *vp,
		      void (*set_config_vector)(struct virtio_pci *vp, uint16_t v))
{
	if (pci_msix_init(&vp->pci, &vp->msix) < 0)
		return -ENODEV;
	struct irq_request req = { .source = IRQ_FROM_MSI };
	int rc = irq_request(&req, msix_handler, vp);
	if (rc < 0)
		return rc;
	pci_msix_set(&vp->msix, 0, req.msi_addr, req.msi_data);
	pci_msix_enable(&vp->pci, &vp->msix);
	vp->msix_on = 1; /* the queues take entry 0 as they are enabled */
	set_config_vector(vp, 0);
	ksnprintf(vp->dev.irq, sizeof(vp->dev.irq), "MSI-X vector %d", req.vector);
	return 0;
}

/* The line for gsi, routed to a vector of its own on first use. */
static struct intx_line *intx_line(unsigned gsi)
{
	for (unsigned i = 0; i < nlines; i++)
		if (lines[i].gsi == gsi)
			return &lines[i];
	if (nlines == MAX_INTX_LINES)
		return NULL;
	struct intx_line *line = &lines[nlines];
	line->gsi = gsi;
	line->devices = NULL;
	/* QEMU's PCI links are level-triggered, active high (its DSDT says so). */
	struct irq_request req = { .source = IRQ_FROM_GSI, .gsi = gsi, .flags = IRQ_LEVEL | IRQ_ACTIVE_HIGH };
	if (irq_request(&req, intx_handler, line) < 0)
		return NULL;
	nlines++;
	return line;
}

static int setup_intx(struct virtio_pci *vp)
{
	unsigned gsi = vp->pci.irq_line;
	if (vp->pci.irq_pin == 0 || gsi == 0 || gsi >= 255) {
		kprintf("virtio: %s: no MSI-X and no INTx line; polling\n", vp->dev.where);
		return -ENODEV;
	}
	struct intx_line *line = intx_line(gsi);
	if (!line)
		return -ENOSPC;
	unsigned long irq = arch_irq_save(); /* the handler walks this list */
	vp->intx_next = line->devices;
	line->devices = vp;
	arch_irq_restore(irq);
	pci_write16(&vp->pci, PCI_COMMAND,
		    pci_read16(&vp->pci, PCI_COMMAND) & (uint16_t)~PCI_COMMAND_INTX_DISABLE);
	ksnprintf(vp->dev.irq, sizeof(vp->dev.irq), "INTx GSI %u", gsi);
	return 0;
}

int virtio_pci_setup_irq(struct virtio_pci *vp, void (*fn)(void *), void *arg,
			 uint8_t (*read_isr)(struct virtio_pci *vp),
			 void (*set_config_vector)(struct virtio_pci *vp, uint16_t v))
{
	vp->irq_fn = fn;
	vp->irq_arg = arg;
	vp->read_isr = read_isr;
	if (setup_msix(vp, set_config_vector) == 0)
		return 0;
	return setup_intx(vp);
}
