/* TCP socket options (level IPPROTO_TCP; lwIP's values). */
#ifndef AMPHI_NETINET_TCP_H
#define AMPHI_NETINET_TCP_H

#define TCP_NODELAY 0x01
#define TCP_KEEPALIVE 0x02 /* idle time in ms */
#define TCP_KEEPIDLE 0x03  /* seconds */
#define TCP_KEEPINTVL 0x04 /* seconds */
#define TCP_KEEPCNT 0x05

#endif
