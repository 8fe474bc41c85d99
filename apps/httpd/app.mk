# httpd: the pages in www/ go into the image through .incbin (pages.c); the
# assembler reads them from WWW_DIR, so pages.c.o depends on every file there.
APP_CFLAGS += '-DWWW_DIR="$(APP_DIR)/www"'
$(BUILD)/app/$(APP_NAME)/pages.c.o: $(wildcard $(APP_DIR)/www/*)

# `make run` forwards http://127.0.0.1:8080/ to the guest's port 80.
APP_FWD := 8080:80
