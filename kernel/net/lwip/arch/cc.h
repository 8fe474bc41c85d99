/* lwIP's compiler/platform glue for Amphi (gcc, x86-64, newlib). */
#ifndef AMPHI_LWIP_CC_H
#define AMPHI_LWIP_CC_H

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>

/* newlib has ssize_t but not SSIZE_MAX: tell lwIP not to define its own. */
#ifndef SSIZE_MAX
#define SSIZE_MAX LONG_MAX
#endif

#define LWIP_RAND() amphi_lwip_rand()
unsigned amphi_lwip_rand(void);

#define LWIP_PLATFORM_DIAG(x) do { printf x; } while (0)
/* An assertion in the stack is a kernel bug: panic with its backtrace. */
void amphi_lwip_assert(const char *msg, const char *file, int line) __attribute__((noreturn));
#define LWIP_PLATFORM_ASSERT(x) amphi_lwip_assert(x, __FILE__, __LINE__)

/* Debian's port patch makes sockets.c use these; lwIP's own struct
 * sockaddr (the one Amphi's <sys/socket.h> mirrors) has the BSD length byte. */
#define IP4ADDR_SOCKADDR_SET_LEN(sin) ((sin)->sin_len = sizeof(struct sockaddr_in))
#define IP6ADDR_SOCKADDR_SET_LEN(sin6) ((sin6)->sin6_len = sizeof(struct sockaddr_in6))
#define IPADDR_SOCKADDR_GET_LEN(addr) ((addr)->sa.sa_len)

#endif
