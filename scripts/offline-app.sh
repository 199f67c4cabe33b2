#!/usr/bin/env bash
# The app as the offline test starts it: under strace, recording every connect() of the app and of
# the WebKit processes it starts (one file per process in $OFFLINE_LOG_DIR).
exec strace -f -ff -qq -e trace=connect -o "$OFFLINE_LOG_DIR/connect" "$TUANLE_APP_REAL" "$@"
