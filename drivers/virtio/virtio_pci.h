/* virtio over PCI, shared by the modern (virtio_pci.c) and legacy
 * (virtio_pci_legacy.c) interfaces. */
#ifndef AMPHI_VIRTIO_PCI_H
#define AMPHI_VIRTIO_PCI_H

#include "drivers/pci/pci.h"
#include "virtio.h"

#define VIRTIO_PCI_VENDOR 0x1af4
#define VIRTIO_MSI_NO_VECTOR 0xffff

struct virtio_pci {
	struct virtio_dev dev;
	struct pci_dev pci;
	/* modern: the four structures the vendor capabilities point at */
	volatile uint8_t *common, *isr, *device_cfg, *notify_base;
	uint32_t device_cfg_len, notify_len, notify_mult;
	/* legacy: the I/O BAR */
	uint16_t io;
	uint32_t io_len;
	/* interrupts */
	struct pci_msix msix;
	int msix_on; /* queues get MSI-X entry 0 */
	uint8_t (*read_isr)(struct virtio_pci *vp);
	void (*irq_fn)(void *arg);
	void *irq_arg;
	struct virtio_pci *intx_next; /* the next device sharing our INTx line */
};

extern const struct virtio_transport virtio_pci_modern_ops, virtio_pci_legacy_ops;

/* Used by both: MSI-X when the device has it, else INTx through the IOAPIC.
 * read_isr is how INTx is acknowledged (reading the ISR lowers the line). */
int virtio_pci_setup_irq(struct virtio_pci *vp, void (*fn)(void *), void *arg,
			 uint8_t (*read_isr)(struct virtio_pci *vp),
			 void (*set_config_vector)(struct virtio_pci *vp, uint16_t v));

#endif
