# The app calls the kernel's Xen interfaces (xenstore client, grant tables) directly.
APP_CFLAGS := -I. -isystem $(XEN_INC)
