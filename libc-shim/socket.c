/*
 * BSD sockets for apps over lwIP's socket layer (kernel/net/lwip/). Each
 * socket is an open file (kernel/vfs/file.h) whose handle
 * is lwIP's socket number. The stack starts on the first socket() or name
 * lookup (net_init), never at boot. The headers in include/ use lwIP's own
 * structure layouts and constants, so arguments pass through unchanged; this
 * file cannot include lwIP's headers (they define the same types) and
 * declares the few lwip_* functions it calls itself.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include "kernel/net/lwip/sockabi.h"
#include "kernel/net/net.h"
#include "shim.h"

SOCKABI_CHECK() /* the same numbers as lwIP's side: kernel/net/lwip/abi.c */

int lwip_socket(int domain, int type, int protocol);
int lwip_bind(int s, const struct sockaddr *name, socklen_t namelen);
int lwip_listen(int s, int backlog);
int lwip_accept(int s, struct sockaddr *addr, socklen_t *addrlen);
int lwip_connect(int s, const struct sockaddr *name, socklen_t namelen);
ssize_t lwip_recv(int s, void *mem, size_t len, int flags);
ssize_t lwip_send(int s, const void *data, size_t size, int flags);
ssize_t lwip_recvfrom(int s, void *mem, size_t len, int flags, struct sockaddr *from,
		      socklen_t *fromlen);
ssize_t lwip_sendto(int s, const void *data, size_t size, int flags, const struct sockaddr *to,
		    socklen_t tolen);
ssize_t lwip_recvmsg(int s, struct msghdr *message, int flags);
ssize_t lwip_sendmsg(int s, const struct msghdr *message, int flags);
ssize_t lwip_read(int s, void *mem, size_t len);
ssize_t lwip_write(int s, const void *dataptr, size_t size);
int lwip_shutdown(int s, int how);
int lwip_close(int s);
int lwip_getsockname(int s, struct sockaddr *name, socklen_t *namelen);
int lwip_getpeername(int s, struct sockaddr *name, socklen_t *namelen);
int lwip_getsockopt(int s, int level, int optname, void *optval, socklen_t *optlen);
int lwip_setsockopt(int s, int level, int optname, const void *optval, socklen_t optlen);
int lwip_ioctl(int s, long cmd, void *argp);
int lwip_poll(struct pollfd *fds, nfds_t nfds, int timeout);
int lwip_getaddrinfo(const char *nodename, const char *servname, const struct addrinfo *hints,
		     struct addrinfo **res);
void lwip_freeaddrinfo(struct addrinfo *ai);
struct hostent *lwip_gethostbyname(const char *name);
int lwip_inet_pton(int af, const char *src, void *dst);
const char *lwip_inet_ntop(int af, const void *src, char *dst, socklen_t size);

const struct in6_addr in6addr_loopback = IN6ADDR_LOOPBACK_INIT;

/* lwIP's calls set errno and return -1; open files return a negative errno. */
static long neg_errno(long r) { return r < 0 ? -errno : r; }

static ssize_t sock_read(struct file *f, void *buf, size_t len) { return neg_errno(lwip_read(f->handle, buf, len)); }
static ssize_t sock_write(struct file *f, const void *buf, size_t len) { return neg_errno(lwip_write(f->handle, buf, len)); }
static int sock_ioctl(struct file *f, unsigned long req, void *arg) { return (int)neg_errno(lwip_ioctl(f->handle, (long)req, arg)); }
static void sock_close(struct file *f) { lwip_close(f->handle); }

static int sock_setfl(struct file *f, int flags)
{
	int on = (flags & O_NONBLOCK) != 0;
	return (int)neg_errno(lwip_ioctl(f->handle, (long)FIONBIO, &on));
}

static const struct file_ops sock_ops = {
	.read = sock_read,
	.write = sock_write,
	.ioctl = sock_ioctl,
	.setfl = sock_setfl,
	.close = sock_close,
};

/* lwIP's socket number behind fd; -1 with errno EBADF / ENOTSOCK. */
static int sock(int fd)
{
	struct file *f = shim_file(fd);
	if (!f)
		return -1;
	if (f->ops != &sock_ops) {
		errno = ENOTSOCK;
		return -1;
	}
	return f->handle;
}

/* A new fd for lwIP socket s (closed when no fd is free). */
static int new_fd(int s, int flags)
{
	if (s < 0)
		return -1;
	int nonblock = flags & SOCK_NONBLOCK ? O_NONBLOCK : 0;
	if (nonblock) {
		int on = 1;
		lwip_ioctl(s, (long)FIONBIO, &on);
	}
	struct file *f = file_new(&sock_ops, O_RDWR | nonblock);
	if (!f) {
		lwip_close(s);
		errno = ENOMEM;
		return -1;
	}
	f->handle = s;
	f->mode = S_IFSOCK | 0777;
	int fd = fd_install(f, 0, (flags & SOCK_CLOEXEC) != 0);
	if (fd < 0)
		file_put(f);
	return (int)sys_ret(fd);
}

static int start(void)
{
	shim_net_poll = lwip_poll;
	int err = net_init();
	if (err < 0) {
		errno = -err;
		return -1;
	}
	return 0;
}

int socket(int domain, int type, int protocol)
{
	if (start() < 0)
		return -1;
	int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
	return new_fd(lwip_socket(domain, type & ~flags, protocol), flags);
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	int s = sock(fd);
	return s < 0 ? -1 : new_fd(lwip_accept(s, addr, len), flags);
}

int accept(int fd, struct sockaddr *addr, socklen_t *len) { return accept4(fd, addr, len, 0); }

/* The rest pass straight through once fd is known to be a socket. */
#define S(fd) \
	int s = sock(fd); \
	if (s < 0) \
		return -1

int bind(int fd, const struct sockaddr *addr, socklen_t len) { S(fd); return lwip_bind(s, addr, len); }
int listen(int fd, int backlog) { S(fd); return lwip_listen(s, backlog); }
int connect(int fd, const struct sockaddr *addr, socklen_t len) { S(fd); return lwip_connect(s, addr, len); }
ssize_t send(int fd, const void *buf, size_t len, int flags) { S(fd); return lwip_send(s, buf, len, flags); }
ssize_t recv(int fd, void *buf, size_t len, int flags) { S(fd); return lwip_recv(s, buf, len, flags); }
int shutdown(int fd, int how) { S(fd); return lwip_shutdown(s, how); }
ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) { S(fd); return lwip_sendmsg(s, msg, flags); }
ssize_t recvmsg(int fd, struct msghdr *msg, int flags) { S(fd); return lwip_recvmsg(s, msg, flags); }

ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to,
	       socklen_t tolen)
{
	S(fd);
	return lwip_sendto(s, buf, len, flags, to, tolen);
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen)
{
	S(fd);
	return lwip_recvfrom(s, buf, len, flags, from, fromlen);
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	S(fd);
	return lwip_setsockopt(s, level, name, val, len);
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	S(fd);
	return lwip_getsockopt(s, level, name, val, len);
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len) { S(fd); return lwip_getsockname(s, addr, len); }
int getpeername(int fd, struct sockaddr *addr, socklen_t *len) { S(fd); return lwip_getpeername(s, addr, len); }

/* ---- names and addresses ---- */

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
		struct addrinfo **res)
{
	if (start() < 0)
		return EAI_SYSTEM;
	int err = lwip_getaddrinfo(node, service, hints, res);
	/* lwIP's resolver says EAI_FAIL for every name it did not find (an
	 * NXDOMAIN answer or no answer at all): report it as libcs do. */
	return err == EAI_FAIL && node ? EAI_NONAME : err;
}

void freeaddrinfo(struct addrinfo *ai) { lwip_freeaddrinfo(ai); }

const char *gai_strerror(int err)
{
	switch (err) {
	case 0: return "Success";
	case EAI_NONAME: return "Name or service not known";
	case EAI_SERVICE: return "Service not supported (only numeric ports)";
	case EAI_FAIL: return "Non-recoverable failure in name resolution";
	case EAI_MEMORY: return "Memory allocation failure";
	case EAI_FAMILY: return "Address family not supported";
	case EAI_AGAIN: return "Temporary failure in name resolution";
	case EAI_BADFLAGS: return "Bad value for ai_flags";
	case EAI_OVERFLOW: return "Argument buffer overflow";
	case EAI_SOCKTYPE: return "Socket type not supported";
	case EAI_SYSTEM: return "System error";
	default: return "Unknown error";
	}
}

struct hostent *gethostbyname(const char *name)
{
	if (start() < 0)
		return NULL;
	return lwip_gethostbyname(name);
}

int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, socklen_t hostlen,
		char *serv, socklen_t servlen, int flags)
{
	if (flags & NI_NAMEREQD)
		return EAI_NONAME;
	const void *addr;
	unsigned port;
	if (sa->sa_family == AF_INET && salen >= sizeof(struct sockaddr_in)) {
		addr = &((const struct sockaddr_in *)sa)->sin_addr;
		port = ntohs(((const struct sockaddr_in *)sa)->sin_port);
	} else if (sa->sa_family == AF_INET6 && salen >= sizeof(struct sockaddr_in6)) {
		addr = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		port = ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	} else {
		return EAI_FAMILY;
	}
	if (host && hostlen && !inet_ntop(sa->sa_family, addr, host, hostlen))
		return EAI_OVERFLOW;
	if (serv && servlen && (socklen_t)snprintf(serv, servlen, "%u", port) >= servlen)
		return EAI_OVERFLOW;
	return 0;
}

int inet_pton(int af, const char *src, void *dst)
{
	if (af != AF_INET && af != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	return lwip_inet_pton(af, src, dst);
}

const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
	return lwip_inet_ntop(af, src, dst, size);
}

int inet_aton(const char *cp, struct in_addr *inp) { return inet_pton(AF_INET, cp, inp) == 1; }

in_addr_t inet_addr(const char *cp)
{
	struct in_addr a;
	return inet_aton(cp, &a) ? a.s_addr : INADDR_NONE;
}

char *inet_ntoa(struct in_addr in)
{
	static char buf[INET_ADDRSTRLEN];
	return (char *)inet_ntop(AF_INET, &in, buf, sizeof(buf));
}
