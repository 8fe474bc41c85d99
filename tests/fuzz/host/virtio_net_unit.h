/* drivers/virtio/virtio_net.c opened up for the harnesses
 * (virtio_net_unit.c includes it): a device whose receive queue lives in
 * ordinary memory, every RX buffer posted, and the driver's drain callable. */
#ifndef AMPHI_FUZZ_VIRTIO_NET_UNIT_H
#define AMPHI_FUZZ_VIRTIO_NET_UNIT_H

#include <stddef.h>
#include <stdint.h>

#include "drivers/virtio/virtqueue.h"

/* A fresh device: queue size 2^qshift (1..256), mergeable buffers or not,
 * the header in its own descriptor (legacy) or not. */
void vnu_setup(unsigned qshift, int mergeable, int one_desc);
struct virtqueue *vnu_rxq(void);
unsigned vnu_hdr_len(void);
void vnu_rx_drain(void);
/* Is [p, p + len) inside an RX buffer or the merge buffer? */
int vnu_owns(const uint8_t *p, size_t len);

/* The harness sees each frame the driver delivers. */
void fuzz_vn_frame(const uint8_t *frame, size_t len, unsigned flags);

#endif
