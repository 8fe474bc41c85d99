/*
 * virtio over PCI: finding devices (1af4:1000-103f transitional/legacy,
 * 1af4:1040-107f modern), the modern interface through vendor capabilities
 * (spec 4.1.4). Interrupts: virtio_pci_irq.c.
 * A transitional device is driven through its modern interface.
 */
#include "virtio_pci.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/printk.h"

/* Vendor capability (spec 4.1.4): cfg_type and where its structure lives. */
#define CAP_CFG_TYPE 3
#define CAP_BAR 4
#define CAP_OFFSET 8
#define CAP_LENGTH 12
#define CAP_NOTIFY_MULT 16
enum { CFG_COMMON = 1, CFG_NOTIFY = 2, CFG_ISR = 3, CFG_DEVICE = 4 };

/* struct virtio_pci_common_cfg */
#define COMMON_DFSELECT 0
#define COMMON_DF 4
#define COMMON_GFSELECT 8
#define COMMON_GF 12
#define COMMON_MSIX_CONFIG 16
#define COMMON_NUM_QUEUES 18
#define COMMON_STATUS 20
#define COMMON_CFG_GENERATION 21
#define COMMON_Q_SELECT 22
#define COMMON_Q_SIZE 24
#define COMMON_Q_MSIX 26
#define COMMON_Q_ENABLE 28
#define COMMON_Q_NOFF 30
#define COMMON_Q_DESC 32
#define COMMON_Q_DRIVER 40
#define COMMON_Q_DEVICE 48
#define COMMON_MIN_LEN 56

static struct virtio_pci *to_vp(struct virtio_dev *d) { return d->transport_priv; }

static uint8_t rd8(volatile uint8_t *b, unsigned off) { return *(volatile uint8_t *)(b + off); }
static uint16_t rd16(volatile uint8_t *b, unsigned off) { return *(volatile uint16_t *)(b + off); }
static uint32_t rd32(volatile uint8_t *b, unsigned off) { return *(volatile uint32_t *)(b + off); }
static void wr8(volatile uint8_t *b, unsigned off, uint8_t v)
{
	*(volatile uint8_t *)(b + off) = v;
}
static void wr16(volatile uint8_t *b, unsigned off, uint16_t v)
{
	*(volatile uint16_t *)(b + off) = v;
}
static void wr32(volatile uint8_t *b, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(b + off) = v;
}
static void wr64(volatile uint8_t *b, unsigned off, uint64_t v)
{
	wr32(b, off, (uint32_t)v);
	wr32(b, off + 4, (uint32_t)(v >> 32));
}

/* ---- the modern interface ---- */

static uint64_t modern_get_features(struct virtio_dev *d)
{
	volatile uint8_t *c = to_vp(d)->common;
	wr32(c, COMMON_DFSELECT, 0);
	uint64_t lo = rd32(c, COMMON_DF);
	wr32(c, COMMON_DFSELECT, 1);
	return lo | (uint64_t)rd32(c, COMMON_DF) << 32;
}

static void modern_set_features(struct virtio_dev *d, uint64_t f)
{
	volatile uint8_t *c = to_vp(d)->common;
	wr32(c, COMMON_GFSELECT, 0);
	wr32(c, COMMON_GF, (uint32_t)f);
	wr32(c, COMMON_GFSELECT, 1);
	wr32(c, COMMON_GF, (uint32_t)(f >> 32));
}

static uint8_t modern_get_status(struct virtio_dev *d)
{
	return rd8(to_vp(d)->common, COMMON_STATUS);
}
static void modern_set_status(struct virtio_dev *d, uint8_t s)
{
	wr8(to_vp(d)->common, COMMON_STATUS, s);
}
static uint8_t modern_generation(struct virtio_dev *d)
{
	return rd8(to_vp(d)->common, COMMON_CFG_GENERATION);
}

static int modern_read_config(struct virtio_dev *d, unsigned off, void *buf, unsigned len)
{
	struct virtio_pci *vp = to_vp(d);
	if (!vp->device_cfg || off > vp->device_cfg_len || len > vp->device_cfg_len - off)
		return -ERANGE;
	for (unsigned i = 0; i < len; i++)
		((uint8_t *)buf)[i] = rd8(vp->device_cfg, off + i);
	return 0;
}

static unsigned modern_queue_max(struct virtio_dev *d, unsigned q)
{
	volatile uint8_t *c = to_vp(d)->common;
	if (q >= rd16(c, COMMON_NUM_QUEUES))
		return 0;
	wr16(c, COMMON_Q_SELECT, (uint16_t)q);
	return rd16(c, COMMON_Q_SIZE);
}

static int modern_queue_enable(struct virtio_dev *d, struct virtqueue *vq, uint64_t desc,
			       uint64_t avail, uint64_t used)
{
	struct virtio_pci *vp = to_vp(d);
	volatile uint8_t *c = vp->common;
	wr16(c, COMMON_Q_SELECT, vq->index);
	uint64_t off = (uint64_t)rd16(c, COMMON_Q_NOFF) * vp->notify_mult;
	if (off > vp->notify_len || vp->notify_len - off < 2) {
		kprintf("virtio: %s: queue %u notify offset %#lx lies outside the notify area\n",
			d->where, vq->index, (unsigned long)off);
		return -ERANGE;
	}
	vq->notify = vp->notify_base + off;
	wr16(c, COMMON_Q_SIZE, vq->size);
	wr64(c, COMMON_Q_DESC, desc);
	wr64(c, COMMON_Q_DRIVER, avail);
	wr64(c, COMMON_Q_DEVICE, used);
	if (vp->msix_on) {
		wr16(c, COMMON_Q_MSIX, 0);
		if (rd16(c, COMMON_Q_MSIX) != 0) {
			kprintf("virtio: %s: queue %u refused its MSI-X vector\n", d->where,
				vq->index);
			return -EIO;
		}
	}
	wr16(c, COMMON_Q_ENABLE, 1);
	return 0;
}

static void modern_notify(struct virtio_dev *d, struct virtqueue *vq)
{
	(void)d;
	*(volatile uint16_t *)vq->notify = vq->index;
}

static uint8_t modern_read_isr(struct virtio_pci *vp) { return *vp->isr; }
static void modern_config_vector(struct virtio_pci *vp, uint16_t v)
{
	wr16(vp->common, COMMON_MSIX_CONFIG, v);
}

static int modern_setup_irq(struct virtio_dev *d, void (*fn)(void *), void *arg)
{
	return virtio_pci_setup_irq(to_vp(d), fn, arg, modern_read_isr, modern_config_vector);
}

const struct virtio_transport virtio_pci_modern_ops = {
    .name = "pci modern",
    .get_features = modern_get_features,
    .set_features = modern_set_features,
    .get_status = modern_get_status,
    .set_status = modern_set_status,
    .read_config = modern_read_config,
    .config_generation = modern_generation,
    .queue_max = modern_queue_max,
    .queue_enable = modern_queue_enable,
    .notify = modern_notify,
    .setup_irq = modern_setup_irq,
};

/* Map the structure a vendor capability describes; NULL if it does not fit
 * in its BAR or is shorter than min_len. */
static volatile uint8_t *map_cap(struct virtio_pci *vp, unsigned cap, uint32_t min_len,
				 uint32_t *len)
{
	const struct pci_dev *p = &vp->pci;
	unsigned bar = pci_read8(p, cap + CAP_BAR);
	uint32_t off = pci_read32(p, cap + CAP_OFFSET);
	*len = pci_read32(p, cap + CAP_LENGTH);
	if (*len < min_len)
		return NULL;
	return pci_map_bar(p, bar, off, *len);
}

/* Find the common, notify, ISR and device structures; 0 when all usable. */
static int find_modern_caps(struct virtio_pci *vp)
{
	const struct pci_dev *p = &vp->pci;
	uint32_t len;
	for (unsigned cap = pci_find_cap(p, PCI_CAP_ID_VENDOR, 0); cap;
	     cap = pci_find_cap(p, PCI_CAP_ID_VENDOR, cap)) {
		uint8_t type = pci_read8(p, cap + CAP_CFG_TYPE);
		/* The first capability of each type is the one to use. */
		if (type == CFG_COMMON && !vp->common) {
			vp->common = map_cap(vp, cap, COMMON_MIN_LEN, &len);
		} else if (type == CFG_NOTIFY && !vp->notify_base) {
			vp->notify_base = map_cap(vp, cap, 2, &vp->notify_len);
			vp->notify_mult = pci_read32(p, cap + CAP_NOTIFY_MULT);
		} else if (type == CFG_ISR && !vp->isr) {
			vp->isr = map_cap(vp, cap, 1, &len);
		} else if (type == CFG_DEVICE && !vp->device_cfg) {
			vp->device_cfg = map_cap(vp, cap, 0, &vp->device_cfg_len);
		}
	}
	return vp->common && vp->notify_base && vp->isr ? 0 : -ENODEV;
}

static int add_device(struct pci_dev *p, void *arg)
{
	struct virtio_dev ***tail = arg;
	if (p->vendor != VIRTIO_PCI_VENDOR || p->device < 0x1000 || p->device > 0x107f)
		return 0;
	struct virtio_pci *vp = calloc(1, sizeof(*vp));
	if (!vp)
		return 0;
	pci_decode_bars(p);
	vp->pci = *p;
	vp->dev.transport_priv = vp;
	vp->dev.device_id =
	    p->device >= 0x1040 ? p->device - 0x1040u : pci_read16(p, PCI_SUBSYSTEM_ID);
	pci_enable(p);
	/* No INTx until an interrupt handler is in place (setup_irq). */
	pci_write16(p, PCI_COMMAND, pci_read16(p, PCI_COMMAND) | PCI_COMMAND_INTX_DISABLE);
	const char *kind;
	if (find_modern_caps(vp) == 0) {
		vp->dev.t = &virtio_pci_modern_ops;
		vp->dev.modern = 1;
		kind = p->device >= 0x1040 ? "modern" : "transitional (modern)";
	} else if (p->device < 0x1040 && p->bar[0].is_io && p->bar[0].size >= 20) {
		vp->dev.t = &virtio_pci_legacy_ops;
		vp->io = (uint16_t)p->bar[0].addr;
		vp->io_len = (uint32_t)p->bar[0].size;
		kind = "legacy";
	} else {
		kprintf("virtio: pci %02x:%02x.%x (%04x:%04x): neither usable modern capabilities "
			"nor a legacy I/O BAR; ignored\n",
			p->bus, p->slot, p->fn, p->vendor, p->device);
		free(vp);
		return 0;
	}
	ksnprintf(vp->dev.where, sizeof(vp->dev.where), "pci %02x:%02x.%x %s", p->bus, p->slot,
		  p->fn, kind);
	**tail = &vp->dev;
	*tail = &vp->dev.next;
	return 0;
}

void virtio_pci_probe(struct virtio_dev ***tail) { pci_for_each(add_device, tail); }
