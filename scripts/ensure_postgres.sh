#!/usr/bin/env bash
# The PostgreSQL tests start a real server of Debian's package in a temporary directory (and
# stop it after). Install the package when it is missing and we may; otherwise those tests skip
# and say why.
set -u
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's postgresql for the PostgreSQL tests..."
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 \
    || echo "could not install postgresql: the PostgreSQL tests will be skipped"
else
  echo "postgresql is not installed and this user cannot install it: the PostgreSQL tests will be skipped"
fi
exit 0
