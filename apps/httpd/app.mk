# httpd: the pages of www/ are its root file system's /www (make ROOTFS=...
# serves another tree), read from there when the server starts.
APP_ROOTFS := $(APP_DIR)/www
APP_ROOTFS_AT := /www

# `make run` forwards http://127.0.0.1:8080/ to the guest's port 80.
APP_FWD := 8080:80
