/* <sys/statvfs.h>, which newlib lacks: the POSIX layout, implemented by
 * libc-shim/file.c over the VFS. */
#ifndef AMPHI_SYS_STATVFS_H
#define AMPHI_SYS_STATVFS_H

#include <sys/types.h>

struct statvfs {
	unsigned long f_bsize;   /* preferred I/O size */
	unsigned long f_frsize;  /* the unit of f_blocks */
	fsblkcnt_t f_blocks;
	fsblkcnt_t f_bfree;
	fsblkcnt_t f_bavail;
	fsfilcnt_t f_files;
	fsfilcnt_t f_ffree;
	fsfilcnt_t f_favail;
	unsigned long f_fsid;
	unsigned long f_flag;    /* ST_* */
	unsigned long f_namemax;
};

#define ST_RDONLY 1
#define ST_NOSUID 2

int statvfs(const char *__restrict path, struct statvfs *__restrict buf);
int fstatvfs(int fd, struct statvfs *buf);

#endif
