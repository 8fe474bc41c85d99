APP_CFLAGS := -Ilibc-shim/include # <pthread.h>, <semaphore.h>: until GUEST_CFLAGS has -isystem libc-shim/include
