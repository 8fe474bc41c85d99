/* The socket ABI shared by lwIP and libc-shim (see abi.c). Include after
 * either side's socket headers, then expand SOCKABI_CHECK() at file scope. */
#ifndef AMPHI_SOCKABI_H
#define AMPHI_SOCKABI_H

#define SOCKABI_EQ(a, b) _Static_assert((a) == (b), #a " differs between lwIP and libc-shim");
#define SOCKABI_CHECK() \
	SOCKABI_EQ(sizeof(struct sockaddr), 16) \
	SOCKABI_EQ(offsetof(struct sockaddr, sa_family), 1) \
	SOCKABI_EQ(sizeof(struct sockaddr_in), 16) \
	SOCKABI_EQ(offsetof(struct sockaddr_in, sin_port), 2) \
	SOCKABI_EQ(offsetof(struct sockaddr_in, sin_addr), 4) \
	SOCKABI_EQ(sizeof(struct sockaddr_in6), 28) \
	SOCKABI_EQ(offsetof(struct sockaddr_in6, sin6_addr), 8) \
	SOCKABI_EQ(offsetof(struct sockaddr_in6, sin6_scope_id), 24) \
	SOCKABI_EQ(sizeof(struct in6_addr), 16) \
	SOCKABI_EQ(sizeof(socklen_t), 4) \
	SOCKABI_EQ(sizeof(sa_family_t), 1) \
	SOCKABI_EQ(sizeof(struct addrinfo), 48) \
	SOCKABI_EQ(offsetof(struct addrinfo, ai_addrlen), 16) \
	SOCKABI_EQ(offsetof(struct addrinfo, ai_addr), 24) \
	SOCKABI_EQ(offsetof(struct addrinfo, ai_next), 40) \
	SOCKABI_EQ(sizeof(struct hostent), 32) \
	SOCKABI_EQ(sizeof(struct msghdr), 48) \
	SOCKABI_EQ(offsetof(struct msghdr, msg_flags), 44) \
	SOCKABI_EQ(sizeof(struct iovec), 16) \
	SOCKABI_EQ(sizeof(struct linger), 8) \
	SOCKABI_EQ(sizeof(struct pollfd), 8) \
	SOCKABI_EQ(sizeof(struct ip_mreq), 8) \
	SOCKABI_EQ(sizeof(struct ipv6_mreq), 20) \
	SOCKABI_EQ(AF_INET, 2) SOCKABI_EQ(AF_INET6, 10) SOCKABI_EQ(AF_UNSPEC, 0) \
	SOCKABI_EQ(SOCK_STREAM, 1) SOCKABI_EQ(SOCK_DGRAM, 2) SOCKABI_EQ(SOCK_RAW, 3) \
	SOCKABI_EQ(SOL_SOCKET, 0xfff) SOCKABI_EQ(SO_REUSEADDR, 4) SOCKABI_EQ(SO_KEEPALIVE, 8) \
	SOCKABI_EQ(SO_BROADCAST, 0x20) SOCKABI_EQ(SO_LINGER, 0x80) SOCKABI_EQ(SO_RCVBUF, 0x1002) \
	SOCKABI_EQ(SO_SNDTIMEO, 0x1005) SOCKABI_EQ(SO_RCVTIMEO, 0x1006) SOCKABI_EQ(SO_ERROR, 0x1007) \
	SOCKABI_EQ(SO_TYPE, 0x1008) SOCKABI_EQ(IPPROTO_TCP, 6) SOCKABI_EQ(IPPROTO_UDP, 17) \
	SOCKABI_EQ(IPPROTO_IPV6, 41) SOCKABI_EQ(TCP_NODELAY, 1) SOCKABI_EQ(TCP_KEEPIDLE, 3) \
	SOCKABI_EQ(TCP_KEEPINTVL, 4) SOCKABI_EQ(TCP_KEEPCNT, 5) SOCKABI_EQ(IPV6_V6ONLY, 27) \
	SOCKABI_EQ(IP_TOS, 1) SOCKABI_EQ(IP_TTL, 2) SOCKABI_EQ(IP_ADD_MEMBERSHIP, 3) \
	SOCKABI_EQ(IP_MULTICAST_LOOP, 7) SOCKABI_EQ(IPV6_JOIN_GROUP, 12) \
	SOCKABI_EQ(MSG_PEEK, 1) SOCKABI_EQ(MSG_WAITALL, 2) SOCKABI_EQ(MSG_DONTWAIT, 8) \
	SOCKABI_EQ(MSG_MORE, 0x10) SOCKABI_EQ(MSG_NOSIGNAL, 0x20) \
	SOCKABI_EQ(SHUT_RD, 0) SOCKABI_EQ(SHUT_WR, 1) SOCKABI_EQ(SHUT_RDWR, 2) \
	SOCKABI_EQ(POLLIN, 1) SOCKABI_EQ(POLLOUT, 2) SOCKABI_EQ(POLLERR, 4) SOCKABI_EQ(POLLNVAL, 8) \
	SOCKABI_EQ(POLLPRI, 0x40) SOCKABI_EQ(POLLHUP, 0x200) \
	SOCKABI_EQ(FIONREAD, 0x4008667fUL) SOCKABI_EQ(FIONBIO, 0x8008667eUL) \
	SOCKABI_EQ(AI_PASSIVE, 1) SOCKABI_EQ(AI_NUMERICHOST, 4) SOCKABI_EQ(AI_NUMERICSERV, 8) \
	SOCKABI_EQ(EAI_NONAME, 200) SOCKABI_EQ(EAI_SERVICE, 201) SOCKABI_EQ(EAI_FAIL, 202) \
	SOCKABI_EQ(EAI_MEMORY, 203) SOCKABI_EQ(EAI_FAMILY, 204) SOCKABI_EQ(HOST_NOT_FOUND, 210) \
	SOCKABI_EQ(INET_ADDRSTRLEN, 16) SOCKABI_EQ(INET6_ADDRSTRLEN, 46)

#endif
