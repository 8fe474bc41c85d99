/* The transport-independent part of virtio: handshake, features, queues. */
#include "virtio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/kernel.h"
#include "kernel/pmem.h"
#include "kernel/printk.h"
#include "platform/platform.h"

/* The raw command line (kernel.h), where virtio_mmio.device= words are. */
const char *virtio_cmdline(void) { return kernel_boot_cmdline ? kernel_boot_cmdline : ""; }

struct virtio_dev *virtio_devices(void)
{
	static struct virtio_dev *list;
	static int probed;
	if (!probed && !(platform->flags & PLATFORM_NO_EMULATED_DEVICES)) {
		probed = 1;
		struct virtio_dev **tail = &list;
		virtio_pci_probe(&tail);
		virtio_mmio_probe(&tail, virtio_cmdline());
	}
	return list;
}

void *dma_alloc_pages(unsigned n)
{
	/* pmem hands out pages in ascending order from a cursor, so runs are
	 * usually contiguous at once; pages that break a run are set aside and
	 * freed afterwards so they are not handed back to us. */
	uint64_t skipped[32];
	unsigned nskipped = 0;
	uint64_t first = 0, prev = 0;
	unsigned have = 0;
	while (have < n) {
		uint64_t pa = pmem_alloc();
		if (!pa)
			break;
		if (have && pa == prev + PAGE_SIZE) {
			prev = pa, have++;
			continue;
		}
		/* Start a new run at pa; the old run (if any) goes to skipped. */
		for (unsigned i = 0; i < have && nskipped < 32; i++)
			skipped[nskipped++] = first + i * PAGE_SIZE;
		if (nskipped >= 32) {
			pmem_free(pa);
			have = 0;
			break;
		}
		first = prev = pa, have = 1;
	}
	for (unsigned i = 0; i < nskipped; i++)
		pmem_free(skipped[i]);
	if (have < n) {
		for (unsigned i = 0; i < have; i++)
			pmem_free(first + i * PAGE_SIZE);
		return NULL;
	}
	void *p = (void *)(uintptr_t)first;
	memset(p, 0, n * PAGE_SIZE);
	return p;
}

int virtio_negotiate(struct virtio_dev *d, uint64_t wanted, uint64_t required, const char *who)
{
	const struct virtio_transport *t = d->t;
	t->set_status(d, 0);
	/* A reset completes when status reads back 0 (spec 4.1.4.3.2). */
	for (int i = 0; i < 1000000 && t->get_status(d) != 0; i++)
		__asm__ volatile("pause");
	t->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	t->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);

	/* A modern interface speaks only virtio 1.x; a legacy one cannot. */
	if (d->modern)
		required |= VIRTIO_BIT(VIRTIO_F_VERSION_1);
	else
		wanted &= ~VIRTIO_BIT(VIRTIO_F_VERSION_1);
	uint64_t offered = t->get_features(d);
	uint64_t missing = required & ~offered;
	if (missing) {
		kprintf("%s: %s: the device offers features %#lx, lacking %#lx that this driver "
			"needs (bit %d%s); not using the device\n",
			who, d->where, (unsigned long)offered, (unsigned long)missing,
			__builtin_ctzll(missing),
			(missing & VIRTIO_BIT(VIRTIO_F_VERSION_1))
			    ? ": VIRTIO_F_VERSION_1, which its modern interface must offer"
			    : "");
		virtio_fail(d);
		return -ENOTSUP;
	}
	d->features = offered & wanted;
	t->set_features(d, d->features);
	if (!virtio_has(d, VIRTIO_F_VERSION_1))
		return 0; /* legacy devices have no FEATURES_OK step */
	uint8_t s = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK;
	t->set_status(d, s);
	if (!(t->get_status(d) & VIRTIO_STATUS_FEATURES_OK)) {
		kprintf("%s: %s: the device refused features %#lx\n", who, d->where,
			(unsigned long)d->features);
		virtio_fail(d);
		return -ENOTSUP;
	}
	return 0;
}

void virtio_driver_ok(struct virtio_dev *d)
{
	d->t->set_status(d, d->t->get_status(d) | VIRTIO_STATUS_DRIVER_OK);
}

void virtio_fail(struct virtio_dev *d)
{
	d->t->set_status(d, d->t->get_status(d) | VIRTIO_STATUS_FAILED);
}

static unsigned round_down_pow2(unsigned v)
{
	while (v & (v - 1))
		v &= v - 1;
	return v;
}

int virtio_queue_create(struct virtio_dev *d, unsigned q, unsigned want, struct virtqueue *vq)
{
	unsigned max = d->t->queue_max(d, q);
	if (max == 0)
		return -ENODEV;
	unsigned size = d->t->fixed_queue_size ? max : round_down_pow2(want < max ? want : max);
	if (size == 0 || (size & (size - 1)) || size > VIRTQ_MAX_SIZE) {
		kprintf("virtio: %s: queue %u has an unusable size %u\n", d->where, q, max);
		return -EINVAL;
	}
	/* One block in the legacy layout serves every transport. */
	size_t bytes = vring_legacy_bytes(size, PAGE_SIZE);
	char *ring = dma_alloc_pages((unsigned)(PAGE_ROUND_UP(bytes) / PAGE_SIZE));
	struct vq_slot *slot = calloc(size, sizeof(*slot));
	uint16_t *next_free = calloc(size, sizeof(*next_free));
	if (!ring || !slot || !next_free) {
		free(slot);
		free(next_free);
		return -ENOMEM;
	}
	struct vring_desc *desc = (void *)ring;
	struct vring_avail *avail = (void *)(ring + vring_desc_bytes(size));
	struct vring_used *used = (void *)(ring + vring_legacy_used_offset(size, PAGE_SIZE));
	int r =
	    virtqueue_init(vq, (uint16_t)q, (uint16_t)size, virtio_has(d, VIRTIO_F_RING_EVENT_IDX),
			   desc, avail, used, slot, next_free);
	if (r == 0)
		r = d->t->queue_enable(d, vq, dma_addr(desc), dma_addr(avail), dma_addr(used));
	return r;
}

int virtio_read_config(struct virtio_dev *d, unsigned off, void *buf, unsigned len)
{
	for (int tries = 0; tries < 100; tries++) {
		uint8_t gen = d->t->config_generation(d);
		int r = d->t->read_config(d, off, buf, len);
		if (r < 0)
			return r;
		if (d->t->config_generation(d) == gen)
			return 0;
	}
	return -EAGAIN;
}
