/*
 * The network stack (lwIP, kernel/net/lwip/). Nothing runs until the first
 * net_init() call: libc-shim's socket() and getaddrinfo() make it, so an app
 * that never touches the network never starts the stack.
 */
#ifndef AMPHI_NET_H
#define AMPHI_NET_H

#include <stddef.h>

/* Start lwIP with loopback and the first network device: DHCP, or the
 * static address of amphi.ip=/amphi.gw=/amphi.dns=, plus IPv6 link-local and
 * autoconfigured addresses. Waits up to NET_DHCP_WAIT_MS for a DHCP lease
 * (without one by then it returns anyway; the lease may still come).
 * Returns 0 (also on later calls, without a device too), or -ENOMEM. */
int net_init(void);
#define NET_DHCP_WAIT_MS 10000

/* "virtio-net0 10.0.2.15/24 gw 10.0.2.2 dns 10.0.2.3 (dhcp)" and the IPv6
 * addresses, for messages. Call it after net_init. */
void net_describe(char *buf, size_t len);

#endif
