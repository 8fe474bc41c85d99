/* netup PORT [COUNT [NAME...]]: bring the network up (DHCP on QEMU user
 * networking, or amphi.ip=), print the address, resolve "localhost" and each
 * NAME with getaddrinfo, check a connection to itself over loopback, then
 * serve one line per TCP connection on PORT: "netup: hello from PEER".
 * Exits 0 after COUNT connections (default: never; 0: right after the
 * loopback check). For tests/net/netup-test. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kernel/net/net.h"

static void resolve(const char *name)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res;
	int err = getaddrinfo(name, "80", &hints, &res);
	if (err) {
		printf("netup: resolve %s: %s\n", name, gai_strerror(err));
		return;
	}
	char host[INET6_ADDRSTRLEN], port[8];
	getnameinfo(res->ai_addr, res->ai_addrlen, host, sizeof(host), port, sizeof(port),
		    NI_NUMERICHOST | NI_NUMERICSERV);
	printf("netup: resolve %s: %s port %s\n", name, host, port);
	freeaddrinfo(res);
}

/* Send the line to the client on c and end our side (host: its address). */
static void greet(int c, const struct sockaddr_storage *peer, socklen_t len, char *host)
{
	int one = 1;
	setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	strcpy(host, "?");
	getnameinfo((const struct sockaddr *)peer, len, host, INET6_ADDRSTRLEN, NULL, 0,
		    NI_NUMERICHOST);
	char line[128];
	int n = snprintf(line, sizeof(line), "netup: hello from %s\n", host);
	if (write(c, line, (size_t)n) != n)
		perror("netup: write");
	shutdown(c, SHUT_WR);
}

/* Wait for the client to close first: the line has then surely left, even
 * when the app exits (and QEMU with it) right after. */
static void finish(int c)
{
	struct timeval tv = { .tv_sec = 5 };
	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	char drain[64];
	while (recv(c, drain, sizeof(drain), 0) > 0)
		;
	close(c);
}

/* Connect to ourselves through 127.0.0.1 (lwIP completes the handshake
 * before accept) and read the line back. */
static int loopback(int lfd, int port)
{
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	if (c < 0 || connect(c, (struct sockaddr *)&to, sizeof(to)) < 0) {
		perror("netup: loopback connect");
		return -1;
	}
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);
	int s = accept(lfd, (struct sockaddr *)&peer, &len);
	if (s < 0) {
		perror("netup: loopback accept");
		return -1;
	}
	char host[INET6_ADDRSTRLEN], buf[128];
	greet(s, &peer, len, host);
	size_t got = 0;
	ssize_t n;
	while (got < sizeof(buf) - 1 && (n = recv(c, buf + got, sizeof(buf) - 1 - got, 0)) > 0)
		got += (size_t)n;
	buf[got] = 0;
	close(c);
	finish(s);
	printf("netup: loopback got: %s", buf);
	return 0;
}

/* A UDP datagram to ourselves over IPv6 loopback (::1). */
static int udp6_loopback(int port)
{
	int u = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port),
				  .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	if (u < 0 || bind(u, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    sendto(u, "ping6", 5, 0, (struct sockaddr *)&a, sizeof(a)) != 5) {
		perror("netup: udp6");
		return -1;
	}
	char buf[16], host[INET6_ADDRSTRLEN];
	struct sockaddr_in6 from;
	socklen_t len = sizeof(from);
	ssize_t n = recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	close(u);
	if (n < 0) {
		perror("netup: udp6 recvfrom");
		return -1;
	}
	printf("netup: udp6 loopback: %.*s from %s\n", (int)n, buf,
	       inet_ntop(AF_INET6, &from.sin6_addr, host, sizeof(host)));
	return 0;
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 7777;
	int count = argc > 2 ? atoi(argv[2]) : -1;

	int fd = socket(AF_INET, SOCK_STREAM, 0); /* starts the stack */
	if (fd < 0) {
		perror("netup: socket");
		return 1;
	}
	char desc[256];
	net_describe(desc, sizeof(desc));
	char name[64];
	printf("netup: up: %s\n", desc);
	if (gethostname(name, sizeof(name)) == 0)
		printf("netup: hostname %s\n", name);
	resolve("localhost");
	for (int i = 3; i < argc; i++)
		resolve(argv[i]);

	int one = 1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		perror("netup: SO_REUSEADDR");
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				   .sin_addr.s_addr = htonl(INADDR_ANY) };
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(fd, 8) < 0) {
		perror("netup: bind/listen");
		return 1;
	}
	printf("netup: listening on port %d\n", port);
	fflush(stdout);

	if (loopback(fd, port) < 0 || udp6_loopback(port) < 0)
		return 1;

	for (int served = 0; count < 0 || served < count; served++) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, -1) != 1 || !(p.revents & POLLIN)) {
			perror("netup: poll");
			return 1;
		}
		struct sockaddr_storage peer;
		socklen_t len = sizeof(peer);
		int c = accept(fd, (struct sockaddr *)&peer, &len);
		if (c < 0) {
			perror("netup: accept");
			return 1;
		}
		char host[INET6_ADDRSTRLEN];
		greet(c, &peer, len, host);
		finish(c);
		printf("netup: served %s\n", host);
		fflush(stdout);
	}
	close(fd);
	printf("netup: done\n");
	return 0;
}
