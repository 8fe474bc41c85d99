# The app reads Xen's runstate accounting through the platform's hypercalls.
APP_CFLAGS := -Ikernel -Iplatform -Iplatform/x86 -Iplatform/xen -isystem $(XEN_INC)
