#!/usr/bin/env bash
# Builds iommufd-mini with the system C compiler into the directory given as $1
# (default: examples/c-adapter/build/, which git ignores). Prints the program's path.
# When no cc exists at all, installs gcc with apt-get first (as root, or through sudo).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/build}

if ! command -v cc >/dev/null 2>&1; then
  echo "build.sh: no C compiler (cc) found; installing gcc with apt-get" >&2
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "build.sh: apt-get is not available either: install a C compiler (cc) and run again" >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "build.sh: installing gcc needs root (or sudo)" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gcc libc6-dev >&2
fi

mkdir -p "$out"
cc -std=c11 -O2 -Wall -Wextra -Werror -o "$out/iommufd-mini" "$here/iommufd-mini.c"
echo "$out/iommufd-mini"
