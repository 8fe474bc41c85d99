# The app calls the kernel's Xen interfaces (xenstore client, grant tables) directly.
APP_CFLAGS := -Ikernel -Iplatform -Iplatform/x86 -Iplatform/xen -Idrivers -isystem $(XEN_INC)
