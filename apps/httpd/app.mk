# httpd: the pages in www/ go into the image through .incbin (pages.c); the
# assembler reads them from WWW_DIR, so pages.c.o depends on every file there.
APP_CFLAGS += '-DWWW_DIR="$(APP_DIR)/www"'
$(BUILD)/app/$(APP_NAME)/pages.c.o: $(wildcard $(APP_DIR)/www/*)
