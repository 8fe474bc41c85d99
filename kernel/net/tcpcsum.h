/*
 * TCP checksums around a NIC that can finish them (NETDEV_OFFLOAD_TX_CSUM).
 * lwIP is told not to compute TCP checksums on such a device; the glue then
 * prepares each outgoing TCP frame for the device, and checks incoming TCP
 * frames the device did not vouch for. Pure functions over Ethernet frames
 * (IPv4 or IPv6, no VLAN tag), so they are unit-tested on the host.
 */
#ifndef AMPHI_TCPCSUM_H
#define AMPHI_TCPCSUM_H

#include <stddef.h>
#include <stdint.h>

/* Outcome of tcpcsum_prepare. */
#define TCPCSUM_NOT_TCP 0   /* not an unfragmented TCP segment: nothing to do */
#define TCPCSUM_OFFLOAD 1   /* start and offset set, pseudo-header sum stored */
#define TCPCSUM_TOO_SHORT 2 /* TCP, but its headers are not all in hdr[0..hdr_len) */

/* frame_len is the whole frame; hdr_len how much of it lies contiguous at
 * frame (the first piece). On TCPCSUM_OFFLOAD the checksum field holds the
 * pseudo-header sum and the device is to sum [start, frame end) into it. */
int tcpcsum_prepare(uint8_t *frame, size_t hdr_len, size_t frame_len, uint16_t *start,
		    uint16_t *offset);

/* The complete checksum in software, in a contiguous frame (the fallback for
 * TCPCSUM_TOO_SHORT, and for devices without the offload). */
void tcpcsum_fill(uint8_t *frame, size_t len);

/* Is a contiguous received frame anything but a TCP segment with a wrong
 * checksum? (1: fine or not TCP; 0: a TCP segment to drop.) */
int tcpcsum_ok(const uint8_t *frame, size_t len);

#endif
