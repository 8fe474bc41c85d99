# The app uses kernel interfaces (netdev, events) directly.
APP_CFLAGS := -I.
