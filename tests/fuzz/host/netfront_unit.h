/* drivers/xen/netfront.c opened up for the harnesses (netfront_unit.c
 * includes it): one connected vif over rings in ordinary memory, its
 * receive and transmit paths callable one by one. */
#ifndef AMPHI_FUZZ_NETFRONT_UNIT_H
#define AMPHI_FUZZ_NETFRONT_UNIT_H

#include <stddef.h>
#include <stdint.h>

#define NFU_NR_RX 128
#define NFU_NR_TX 128

/* A fresh, connected vif with every RX buffer posted (the memory is kept
 * from one input to the next, the state is not). */
void nfu_setup(void);
/* The shared rings as the backend sees them (netif_{rx,tx}_sring_t). */
void *nfu_rx_sring(void);
void *nfu_tx_sring(void);
/* The rx/tx entry of the backend's ring slot i (mod ring size). */
void *nfu_rx_rsp(unsigned i);
void *nfu_tx_rsp(unsigned i);
unsigned nfu_rx_req_prod(void);
unsigned nfu_tx_req_prod(void);
/* The driver's paths: drain received frames, reclaim sent ones, send one. */
void nfu_rx_drain(void);
void nfu_tx_reclaim(void);
int nfu_transmit(size_t len);
int nfu_broken(void);
uint8_t *nfu_rx_page(unsigned id);
int nfu_rx_posted(unsigned id);
int nfu_tx_busy(unsigned id);
unsigned nfu_tx_free(void);

/* The harness sees each frame the driver delivers. */
void fuzz_nf_frame(const uint8_t *frame, size_t len, unsigned flags);

#endif
