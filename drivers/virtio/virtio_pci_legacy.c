/*
 * The legacy virtio PCI interface (spec 4.1.4.8): registers in I/O BAR0,
 * 32 feature bits, queues of the device's fixed size given by a page frame
 * number in the legacy ring layout. Device config follows the registers, 4
 * bytes further once MSI-X is enabled.
 */
#include <errno.h>

#include "arch/io.h"
#include "kernel/printk.h"
#include "virtio_pci.h"

#define LEG_HOST_FEATURES 0
#define LEG_GUEST_FEATURES 4
#define LEG_QUEUE_PFN 8
#define LEG_QUEUE_SIZE 12
#define LEG_QUEUE_SELECT 14
#define LEG_QUEUE_NOTIFY 16
#define LEG_STATUS 18
#define LEG_ISR 19
#define LEG_MSIX_CONFIG 20
#define LEG_MSIX_QUEUE 22
#define LEG_CONFIG 20
#define LEG_CONFIG_MSIX 24

static struct virtio_pci *to_vp(struct virtio_dev *d) { return d->transport_priv; }
static uint16_t port(struct virtio_dev *d, unsigned off) { return (uint16_t)(to_vp(d)->io + off); }

static uint64_t legacy_get_features(struct virtio_dev *d)
{
	return inl(port(d, LEG_HOST_FEATURES));
}
static void legacy_set_features(struct virtio_dev *d, uint64_t f)
{
	outl(port(d, LEG_GUEST_FEATURES), (uint32_t)f);
}
static uint8_t legacy_get_status(struct virtio_dev *d) { return inb(port(d, LEG_STATUS)); }
static void legacy_set_status(struct virtio_dev *d, uint8_t s) { outb(port(d, LEG_STATUS), s); }
static uint8_t legacy_generation(struct virtio_dev *d)
{
	(void)d;
	return 0;
}

static int legacy_read_config(struct virtio_dev *d, unsigned off, void *buf, unsigned len)
{
	struct virtio_pci *vp = to_vp(d);
	unsigned base = vp->msix_on ? LEG_CONFIG_MSIX : LEG_CONFIG;
	if (base > vp->io_len || off > vp->io_len - base || len > vp->io_len - base - off)
		return -ERANGE;
	for (unsigned i = 0; i < len; i++)
		((uint8_t *)buf)[i] = inb(port(d, base + off + i));
	return 0;
}

static unsigned legacy_queue_max(struct virtio_dev *d, unsigned q)
{
	outw(port(d, LEG_QUEUE_SELECT), (uint16_t)q);
	return inw(port(d, LEG_QUEUE_SIZE));
}

static int legacy_queue_enable(struct virtio_dev *d, struct virtqueue *vq, uint64_t desc,
			       uint64_t avail, uint64_t used)
{
	(void)avail, (void)used; /* implied by the layout */
	if ((desc & 4095) || (desc >> 12) > UINT32_MAX)
		return -EINVAL;
	outw(port(d, LEG_QUEUE_SELECT), vq->index);
	if (to_vp(d)->msix_on) {
		outw(port(d, LEG_MSIX_QUEUE), 0);
		if (inw(port(d, LEG_MSIX_QUEUE)) != 0) {
			kprintf("virtio: %s: queue %u refused its MSI-X vector\n", d->where,
				vq->index);
			return -EIO;
		}
	}
	outl(port(d, LEG_QUEUE_PFN), (uint32_t)(desc >> 12));
	return 0;
}

static void legacy_notify(struct virtio_dev *d, struct virtqueue *vq)
{
	outw(port(d, LEG_QUEUE_NOTIFY), vq->index);
}

static uint8_t legacy_read_isr(struct virtio_pci *vp) { return inb((uint16_t)(vp->io + LEG_ISR)); }
static void legacy_config_vector(struct virtio_pci *vp, uint16_t v)
{
	outw((uint16_t)(vp->io + LEG_MSIX_CONFIG), v);
}

static int legacy_setup_irq(struct virtio_dev *d, void (*fn)(void *), void *arg)
{
	return virtio_pci_setup_irq(to_vp(d), fn, arg, legacy_read_isr, legacy_config_vector);
}

const struct virtio_transport virtio_pci_legacy_ops = {
    .name = "pci legacy",
    .get_features = legacy_get_features,
    .set_features = legacy_set_features,
    .get_status = legacy_get_status,
    .set_status = legacy_set_status,
    .read_config = legacy_read_config,
    .config_generation = legacy_generation,
    .queue_max = legacy_queue_max,
    .legacy_layout = 1,
    .fixed_queue_size = 1,
    .queue_enable = legacy_queue_enable,
    .notify = legacy_notify,
    .setup_irq = legacy_setup_irq,
};
