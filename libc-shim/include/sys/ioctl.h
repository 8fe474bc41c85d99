/* ioctl for sockets: FIONBIO, FIONREAD (lwIP's request numbers). */
#ifndef AMPHI_SYS_IOCTL_H
#define AMPHI_SYS_IOCTL_H

#define FIONREAD 0x4008667fUL /* int: bytes ready to read */
#define FIONBIO 0x8008667eUL  /* int: non-zero = non-blocking */

int ioctl(int fd, unsigned long request, ...);

#endif
