/* getrandom() and getentropy() over kernel/random.h. */
#include <errno.h>
#include <sys/random.h>

#include "kernel/random.h"

ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
	if (flags & ~(unsigned)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) {
		errno = EINVAL;
		return -1;
	}
	if (len > 33554431) /* Linux's most per call */
		len = 33554431;
	random_bytes(buf, len);
	return (ssize_t)len;
}

int getentropy(void *buf, size_t len)
{
	if (len > 256) { /* the limit POSIX and Linux set */
		errno = EIO;
		return -1;
	}
	random_bytes(buf, len);
	return 0;
}
