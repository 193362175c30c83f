#!/usr/bin/env bash
# Makes sure Debian packages are installed, for the make targets that need them.
#
#   tools/need.sh "WHAT NEEDS THEM" PACKAGE...
#
# Installed already: says nothing. Missing, running as root on Debian: installs them
# with apt-get (refreshing the package lists only when apt does not know a package
# or the install fails on stale lists). Missing otherwise: prints the one command to
# run and fails.
set -euo pipefail

purpose=$1
shift

say() { echo "need: $*" >&2; }

missing=()
for package in "$@"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  say "$purpose needs ${missing[*]}; install them with:"
  if command -v apt-get >/dev/null 2>&1; then
    echo "  sudo apt-get update && sudo $command" >&2
  else
    echo "  (not Debian: install the equivalents of ${missing[*]} with your package manager)" >&2
  fi
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
say "$purpose needs ${missing[*]}; installing with apt-get"
refreshed=0
if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
  say "apt does not know every package yet; apt-get update"
  apt-get update -qq
  refreshed=1
fi
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  [ $refreshed = 1 ] && { say "apt-get install ${missing[*]} failed"; exit 1; }
  say "install failed (stale package lists?); apt-get update and one more try"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
say "installed ${missing[*]}"
