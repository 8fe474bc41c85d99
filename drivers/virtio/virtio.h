/*
 * virtio 1.x devices over three transports: PCI modern (capabilities), PCI
 * legacy (I/O BAR0) and MMIO (v1 legacy, v2). A transport fills in struct
 * virtio_dev with its operations; device drivers (virtio_net.c) see only this
 * header: feature negotiation, the status handshake, queues, config space,
 * notifications and one interrupt callback.
 */
#ifndef AMPHI_VIRTIO_H
#define AMPHI_VIRTIO_H

#include <stddef.h>
#include <stdint.h>

#include "virtqueue.h"

/* Device status bits (spec 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED 128

/* Transport-independent feature bits (spec 6). */
#define VIRTIO_F_NOTIFY_ON_EMPTY 24
#define VIRTIO_F_ANY_LAYOUT 27
#define VIRTIO_F_RING_INDIRECT_DESC 28
#define VIRTIO_F_RING_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_F_ACCESS_PLATFORM 33
#define VIRTIO_F_RING_PACKED 34
#define VIRTIO_BIT(b) (1ull << (b))

#define VIRTIO_ID_NET 1

struct virtio_dev;

struct virtio_transport {
	const char *name;
	uint64_t (*get_features)(struct virtio_dev *d);
	void (*set_features)(struct virtio_dev *d, uint64_t features);
	uint8_t (*get_status)(struct virtio_dev *d);
	void (*set_status)(struct virtio_dev *d, uint8_t status); /* 0 resets */
	/* Device-specific config: bytes [off, off+len) or -ERANGE. */
	int (*read_config)(struct virtio_dev *d, unsigned off, void *buf, unsigned len);
	uint8_t (*config_generation)(struct virtio_dev *d);
	/* Largest size queue q supports; 0 when it does not exist. */
	unsigned (*queue_max)(struct virtio_dev *d, unsigned q);
	/* Legacy transports fix the ring layout (one block, used ring aligned)
	 * and, for PCI, the size too. */
	int legacy_layout;
	int fixed_queue_size;
	/* Tell the device where queue vq->index lives (device addresses of its
	 * three parts) and enable it. */
	int (*queue_enable)(struct virtio_dev *d, struct virtqueue *vq, uint64_t desc,
			    uint64_t avail, uint64_t used);
	void (*notify)(struct virtio_dev *d, struct virtqueue *vq);
	/* Route the device's interrupts (every queue and config changes) to
	 * fn(arg), an interrupt handler that may only signal events; the
	 * transport acknowledges the device. 0, or a negative errno: then the
	 * driver polls. Call it before creating queues: they are bound to the
	 * interrupt as they are enabled. */
	int (*setup_irq)(struct virtio_dev *d, void (*fn)(void *arg), void *arg);
};

struct virtio_dev {
	const struct virtio_transport *t;
	uint32_t device_id;
	uint64_t features; /* negotiated */
	int modern;	   /* a virtio 1.x interface: VERSION_1 required, else forbidden */
	char where[40];	   /* "pci 00:03.0 modern", "mmio 0xfeb00e00 v2" */
	char irq[24];	   /* "MSI-X vector 48", "INTx GSI 11"; empty: polled */
	void *transport_priv;
	struct virtio_dev *next;
};

/* Every virtio device the transports found (PCI, then MMIO). Probes once. */
struct virtio_dev *virtio_devices(void);

/* The start of the status handshake (reset, ACKNOWLEDGE, DRIVER), then
 * feature negotiation: accept wanted & offered. Fails with a message when
 * a bit in required is not offered (VIRTIO_F_VERSION_1 is required on a
 * modern interface), or the device refuses FEATURES_OK. */
int virtio_negotiate(struct virtio_dev *d, uint64_t wanted, uint64_t required, const char *who);
/* Queues and buffers are ready: DRIVER_OK. */
void virtio_driver_ok(struct virtio_dev *d);
/* Give up on the device: FAILED. */
void virtio_fail(struct virtio_dev *d);

/* Memory for a queue of up to want entries, set up and enabled on the
 * device; vq->size holds the size chosen. 0 or a negative errno. */
int virtio_queue_create(struct virtio_dev *d, unsigned q, unsigned want, struct virtqueue *vq);
static inline int virtio_has(const struct virtio_dev *d, unsigned bit)
{
	return (d->features >> bit) & 1;
}

/* Read device config consistently (retries while the generation changes). */
int virtio_read_config(struct virtio_dev *d, unsigned off, void *buf, unsigned len);

/* Physically contiguous, zeroed, page-aligned memory the device can reach
 * (RAM is identity-mapped, so the address is also the device address). */
void *dma_alloc_pages(unsigned n);
static inline uint64_t dma_addr(const void *p) { return (uint64_t)(uintptr_t)p; }

/* Transports: append what they find to the list. */
void virtio_pci_probe(struct virtio_dev ***tail);
void virtio_mmio_probe(struct virtio_dev ***tail, const char *cmdline);

/* The raw boot command line (virtio_mmio.device=, virtio.* words). */
const char *virtio_cmdline(void);

#endif
