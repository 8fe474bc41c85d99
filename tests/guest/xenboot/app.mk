# The app reads Xen's runstate accounting through the platform's hypercalls.
APP_CFLAGS := -I. -isystem $(XEN_INC)
