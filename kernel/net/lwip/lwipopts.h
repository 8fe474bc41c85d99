/*
 * lwIP configuration for Amphi: the threaded stack (tcpip thread) on the
 * kernel's cooperative threads, BSD sockets wrapped by libc-shim/socket.c,
 * all memory from malloc. Options not set here keep lwIP's defaults (opt.h).
 */
#ifndef AMPHI_LWIPOPTS_H
#define AMPHI_LWIPOPTS_H

#define NO_SYS 0
#define SYS_LIGHTWEIGHT_PROT 1
/* Sockets call the core directly under the core lock instead of a message
 * round trip through the tcpip thread; received frames likewise. */
#define LWIP_TCPIP_CORE_LOCKING 1
#define LWIP_TCPIP_CORE_LOCKING_INPUT 1
#define TCPIP_THREAD_NAME "lwip"
#define TCPIP_THREAD_STACKSIZE (64 * 1024)
#define TCPIP_MBOX_SIZE 256
#define DEFAULT_THREAD_STACKSIZE (32 * 1024)
#define DEFAULT_RAW_RECVMBOX_SIZE 64
#define DEFAULT_UDP_RECVMBOX_SIZE 64
#define DEFAULT_TCP_RECVMBOX_SIZE 64
/* Room for every connection that can be pending: the listen backlog only
 * counts handshakes already complete, so a burst of SYNs can complete more
 * than the backlog, and lwIP resets a connection its accept mailbox cannot take. */
#define DEFAULT_ACCEPTMBOX_SIZE MEMP_NUM_NETCONN

/* Memory: the heap and every pool from malloc (no fixed limits). */
#define MEM_LIBC_MALLOC 1
#define MEMP_MEM_MALLOC 1
#define MEM_ALIGNMENT 8
#define MEMP_NUM_NETCONN 250 /* sockets: fds 3..252 of libc-shim's 256 */
#define PBUF_POOL_SIZE 256
#define PBUF_POOL_BUFSIZE 1600
#define LWIP_SUPPORT_CUSTOM_PBUF 1 /* frames lent by the NIC driver (glue.c) */
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1 /* TCP checksums left to a NIC that does them */

#define LWIP_ETHERNET 1
#define LWIP_ARP 1
#define ETHARP_SUPPORT_STATIC_ENTRIES 1
#define LWIP_IPV4 1
#define LWIP_IPV6 1
#define LWIP_IPV6_AUTOCONFIG 1
#define LWIP_IPV6_MLD 1
#define LWIP_IPV6_DHCP6 0
#define IPV6_FRAG_COPYHEADER 1 /* 64-bit pointers do not fit the fragment header */
#define LWIP_ICMP 1
#define LWIP_RAW 1
#define LWIP_DHCP 1
#define LWIP_DHCP_DOES_ACD_CHECK 0
#define DHCP_DOES_ARP_CHECK 0 /* saves a second at boot; QEMU's leases don't clash */
#define LWIP_AUTOIP 0
#define LWIP_IGMP 1
#define LWIP_DNS 1
#define DNS_MAX_SERVERS 2
/* "localhost" resolves without a server. */
#define DNS_LOCAL_HOSTLIST 1
#define DNS_LOCAL_HOSTLIST_INIT { DNS_LOCAL_HOSTLIST_ELEM("localhost", IPADDR4_INIT_BYTES(127, 0, 0, 1)) }
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_HAVE_LOOPIF 1
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 1
#define LWIP_NETIF_HOSTNAME 1

#define LWIP_UDP 1
#define LWIP_TCP 1
#define TCP_MSS 1460
#define TCP_WND (32 * TCP_MSS)
#define TCP_SND_BUF (32 * TCP_MSS)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ 1
/* TIME_WAIT lasts 2 * TCP_MSL. lwIP answers a new SYN on a 4-tuple still in
 * TIME_WAIT with an ACK (Linux would accept it) and ignores the peer's RST,
 * so while it lasts that client port cannot connect. Clients reuse ports
 * within seconds under a connection-per-request load (seen: 3.9 s through
 * QEMU's user network), so keep it at one second, not lwIP's two minutes. */
#define TCP_MSL 500
#define LWIP_TCP_KEEPALIVE 1
#define TCP_LISTEN_BACKLOG 1
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 2

/* APIs */
#define LWIP_NETCONN 1
#define LWIP_SOCKET 1
#define LWIP_COMPAT_SOCKETS 0
#define LWIP_POSIX_SOCKETS_IO_NAMES 0
#define LWIP_SOCKET_SELECT 1
#define LWIP_SOCKET_POLL 1
#define LWIP_TIMEVAL_PRIVATE 0 /* newlib's struct timeval */
#define LWIP_SO_RCVTIMEO 1
#define LWIP_SO_SNDTIMEO 1
#define LWIP_SO_RCVBUF 1
#define LWIP_SO_LINGER 1
#define SO_REUSE 1
#define LWIP_TCP_CLOSE_TIMEOUT_MS_DEFAULT 5000
#define LWIP_FIONREAD_LINUXMODE 1
#define LWIP_NETIF_API 0
#define LWIP_STATS 0
/* newlib's errno values (LWIP_PROVIDE_ERRNO, tested with #ifdef, stays undefined) */
#define LWIP_ERRNO_STDINCLUDE 1

#endif
