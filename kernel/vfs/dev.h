/*
 * /dev: character devices as nodes of the root file system. Drivers add
 * theirs with dev_add(); the devices that need no driver are added at boot.
 */
#ifndef AMPHI_DEV_H
#define AMPHI_DEV_H

#include <sys/types.h>

#include "file.h"

/* Linux's numbers (major << 8 | minor). */
#define DEV_NULL 0x103
#define DEV_ZERO 0x105
#define DEV_FULL 0x107
#define DEV_RANDOM 0x108
#define DEV_URANDOM 0x109
#define DEV_TTY 0x500
#define DEV_CONSOLE 0x501
#define DEV_STDIN 0xf00 /* stdout and stderr follow (Amphi's own numbers) */

/* /dev/name, a character device opened as ops. */
int dev_add(const char *name, dev_t rdev, mode_t mode, const struct file_ops *ops);
/* /dev and its devices (the root must be mounted). */
int dev_init(void);
/* Descriptors 0-2: the console. */
int dev_open_stdio(void);

#endif
