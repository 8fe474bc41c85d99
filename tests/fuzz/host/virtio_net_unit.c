/* virtio_net.c with a receive queue set up by hand (virtio_net_unit.h). */
#include "virtio_net_unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "drivers/virtio/virtio_net.c"

static struct vnet *vn;
static struct virtio_dev vdev;
static struct virtio_transport transport;
static uint8_t *bufs;
static struct vring_desc *desc;
static struct vring_avail *avail;
static struct vring_used *used;
static struct vq_slot *slot;
static uint16_t *next_free;

static int deliver_frame(struct netdev *dev, void *frame, size_t len, unsigned flags, void *arg)
{
	(void)dev, (void)arg;
	fuzz_vn_frame(frame, len, flags);
	return NETDEV_RX_DONE;
}

static void notify(struct virtio_dev *d, struct virtqueue *vq) { (void)d, (void)vq; }

void vnu_setup(unsigned qshift, int mergeable, int one_desc)
{
	unsigned q = 1u << qshift;
	if (!vn) { /* allocated once, at the largest size */
		vn = malloc(sizeof(*vn));
		bufs = malloc((size_t)(MAX_BUFS + N_SPARE) * BUF_SIZE);
		desc = malloc(vring_desc_bytes(MAX_BUFS));
		avail = malloc(vring_avail_bytes(MAX_BUFS) + 2);
		used = malloc(vring_used_bytes(MAX_BUFS) + 2);
		slot = malloc(sizeof(*slot) * MAX_BUFS);
		next_free = malloc(sizeof(*next_free) * MAX_BUFS);
	}
	memset(vn, 0, sizeof(*vn));
	transport.notify = notify;
	vdev.t = &transport;
	strcpy(vdev.where, "fuzz");
	vn->vdev = &vdev;
	strcpy(vn->nd.name, "virtio-net0");
	vn->nd.mtu = 1500;
	vn->nd.rx = deliver_frame;
	vn->mergeable = mergeable;
	vn->one_desc_rx = one_desc;
	vn->hdr_len = mergeable || one_desc ? 12 : 10;
	virtqueue_init(&vn->rxq, RX_QUEUE, (uint16_t)q, 1, desc, avail, used, slot, next_free);
	vn->rx_bufs = bufs;
	vn->n_rx = q;
	for (unsigned i = 0; i < N_SPARE; i++)
		vn->spare[vn->n_spare++] = bufs + (size_t)(q + i) * BUF_SIZE;
	for (unsigned i = 0; i < q; i++)
		post_rx(vn, bufs + (size_t)i * BUF_SIZE);
}

struct virtqueue *vnu_rxq(void) { return &vn->rxq; }
unsigned vnu_hdr_len(void) { return vn->hdr_len; }
void vnu_rx_drain(void) { rx_drain(vn); }

int vnu_owns(const uint8_t *p, size_t len)
{
	const uint8_t *b = bufs, *e = bufs + (size_t)(MAX_BUFS + N_SPARE) * BUF_SIZE;
	if (p >= b && p < e)
		return (size_t)(p - b) % BUF_SIZE + len <= BUF_SIZE;
	return p >= vn->merge_frame && p + len <= vn->merge_frame + sizeof(vn->merge_frame);
}

/* The rest of the kernel, as far as virtio_net.c reaches it: the probe and
 * set-up paths are not driven here. */
struct virtio_dev *virtio_devices(void) { return NULL; }
int virtio_negotiate(struct virtio_dev *d, uint64_t wanted, uint64_t required, const char *who)
{
	return (void)d, (void)wanted, (void)required, (void)who, -1;
}
void virtio_driver_ok(struct virtio_dev *d) { (void)d; }
void virtio_fail(struct virtio_dev *d) { (void)d; }
int virtio_queue_create(struct virtio_dev *d, unsigned q, unsigned want, struct virtqueue *vq)
{
	return (void)d, (void)q, (void)want, (void)vq, -1;
}
int virtio_read_config(struct virtio_dev *d, unsigned off, void *buf, unsigned len)
{
	return (void)d, (void)off, (void)buf, (void)len, -1;
}
void *dma_alloc_pages(unsigned n) { return (void)n, NULL; }
void panic(const char *fmt, ...)
{
	fprintf(stderr, "panic: %s\n", fmt);
	abort();
}
int thread_detach(struct thread *t) { return (void)t, 0; }
void thread_yield(void) {}
void mutex_init(struct mutex *m) { (void)m; }
