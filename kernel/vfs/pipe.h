/* Pipes and FIFOs (pipe.c). */
#ifndef AMPHI_PIPE_H
#define AMPHI_PIPE_H

#include "file.h"

/* A new pipe: ends[0] reads, ends[1] writes; flags may hold O_NONBLOCK. */
int pipe_open(struct file *ends[2], int flags);
/* Open the FIFO vn (file_open_vnode calls it for S_IFIFO vnodes). */
int fifo_open(struct vnode *vn, int flags, struct file **out);

#endif
