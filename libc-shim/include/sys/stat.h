/* <sys/stat.h>: newlib's, plus what it declares only for Cygwin and RTEMS:
 * lstat(), mknod(), and the special times of utimensat() and futimens(),
 * with Linux's values. */
#include_next <sys/stat.h>

#ifndef AMPHI_SYS_STAT_H
#define AMPHI_SYS_STAT_H

#ifndef UTIME_NOW
#define UTIME_NOW ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
#endif

int lstat(const char *__restrict path, struct stat *__restrict buf);
int mknod(const char *path, mode_t mode, dev_t dev);

#endif
