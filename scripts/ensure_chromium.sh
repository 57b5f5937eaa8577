#!/usr/bin/env bash
# The web app's browser tests drive Debian's Chromium (Playwright is told where it is; it never
# downloads a browser of its own). Install it when it is missing and we may; otherwise the
# browser tests skip and say why.
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests..."
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
    || echo "could not install chromium: the browser tests will be skipped"
else
  echo "chromium is not installed and this user cannot install it: the browser tests will be skipped"
fi
exit 0
