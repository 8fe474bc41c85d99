# This test drives the platform's timer and interrupt layer directly.
APP_CFLAGS := -I.
