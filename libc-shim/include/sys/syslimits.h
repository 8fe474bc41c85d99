/* <sys/syslimits.h>: newlib's BSD limits, with Amphi's real ones where they
 * differ (they are Linux's): paths of 4096 bytes, FD_MAX descriptors
 * (kernel/vfs/file.h), atomic pipe writes of a page. */
#include_next <sys/syslimits.h>

#ifndef AMPHI_SYS_SYSLIMITS_H
#define AMPHI_SYS_SYSLIMITS_H

#undef PATH_MAX
#define PATH_MAX 4096
#undef OPEN_MAX
#define OPEN_MAX 1024
#undef PIPE_BUF
#define PIPE_BUF 4096

#endif
