/* <sys/random.h>: getrandom() as on Linux (kernel/random.h's generator;
 * the flags change nothing: it never blocks). */
#ifndef AMPHI_SYS_RANDOM_H
#define AMPHI_SYS_RANDOM_H

#include <sys/types.h>

#define GRND_NONBLOCK 0x01
#define GRND_RANDOM 0x02
#define GRND_INSECURE 0x04

ssize_t getrandom(void *buf, size_t len, unsigned int flags);
int getentropy(void *buf, size_t len);

#endif
