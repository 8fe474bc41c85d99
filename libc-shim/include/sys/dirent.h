/*
 * <dirent.h>'s types for Amphi (newlib's generic <sys/dirent.h> is only an
 * #error): struct dirent as Linux lays it out, and DIR, which libc-shim's
 * dirent.c implements over a directory descriptor.
 */
#ifndef AMPHI_SYS_DIRENT_H
#define AMPHI_SYS_DIRENT_H

#include <sys/types.h>

struct dirent {
	ino_t d_ino;
	off_t d_off;
	unsigned short d_reclen;
	unsigned char d_type; /* DT_* */
	char d_name[256];
};

#define _DIRENT_HAVE_D_TYPE
#define _DIRENT_HAVE_D_OFF
#define _DIRENT_HAVE_D_RECLEN

#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12
#define IFTODT(mode) (((mode) & 0170000) >> 12)
#define DTTOIF(type) ((type) << 12)

typedef struct amphi_dir DIR;

#endif
