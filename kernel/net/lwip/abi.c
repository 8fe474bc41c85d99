/*
 * libc-shim's socket headers mirror lwIP's structures and constants so that
 * socket.c passes arguments straight through. This file sees lwIP's side,
 * libc-shim/socket.c the other, and both check the same numbers: a
 * difference breaks the build instead of corrupting an address at run time.
 * No code.
 */
#include <stddef.h>

#include "lwip/netdb.h"
#include "lwip/sockets.h"

#include "sockabi.h"

SOCKABI_CHECK()
