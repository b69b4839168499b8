#!/usr/bin/env bash
# Installs what `import-header` and its test need when it is missing: a C compiler, pahole (dwarves),
# the Linux uAPI headers (linux-libc-dev) and the 6.12 kernel headers that ship iommufd.h.
# Prints what it did; exits nonzero (with the reason) when it cannot install.
set -u
need=()
command -v gcc >/dev/null || need+=(gcc)
command -v pahole >/dev/null || need+=(dwarves)
[ -f /usr/include/linux/vfio.h ] || need+=(linux-libc-dev)
if ! ls /usr/src/linux-headers-6.12*-common/include/uapi/linux/iommufd.h >/dev/null 2>&1; then
  need+=(__headers_612__)
fi
[ ${#need[@]} -eq 0 ] && { echo "header tools: all present"; exit 0; }
if ! command -v apt-get >/dev/null; then echo "header tools: missing ${need[*]} and there is no apt-get"; exit 1; fi
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo -n"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null 2>&1 || { echo "header tools: apt-get update failed (no network?)"; exit 1; }
pkgs=()
for p in "${need[@]}"; do
  if [ "$p" = __headers_612__ ]; then
    p=$(apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-common$' | awk '{print $1}' | sort -V | tail -n1)
    [ -n "$p" ] || { echo "header tools: no linux-headers-6.12*-common package in the apt sources"; exit 1; }
  fi
  pkgs+=("$p")
done
$sudo apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null 2>&1 || { echo "header tools: apt-get install ${pkgs[*]} failed"; exit 1; }
echo "header tools: installed ${pkgs[*]}"
