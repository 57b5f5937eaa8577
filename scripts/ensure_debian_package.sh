#!/usr/bin/env bash
# Usage: ensure_debian_package.sh PACKAGE PROBE_GLOB WHAT
# Some tests drive real software from Debian's packages (Chromium for the web app, a PostgreSQL
# server for the store). Install PACKAGE when nothing matches PROBE_GLOB and we may (root with
# apt-get); otherwise say so: the tests that need it skip with the reason.
set -u
package=$1 probe=$2 what=$3
if compgen -G "$probe" >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's $package for $what..."
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null 2>&1 \
    || echo "could not install $package: $what will be skipped"
else
  echo "$package is not installed and this user cannot install it: $what will be skipped"
fi
exit 0
