#!/usr/bin/env bash
# Builds what `run --adapter kernel` boots: a minimal Linux 6.12 bzImage with iommufd and its mock IOMMU
# driver (CONFIG_IOMMUFD_TEST), and an initramfs whose /init is the guest program of kernel/guest/.
#
#   npm run kernel:build [-- --jobs N] [-- --force]
#
# Everything lands in the cache, outside the repository:
#   ${IOMMU_CONFORMANCE_CACHE:-${XDG_CACHE_HOME:-~/.cache}/iommu-uapi-conformance}
#     src/linux-source-<version>/        the unpacked Debian source (never /usr/src or anyone else's copy)
#     build/<key>/                       the kernel's object tree (O=)
#     kernel/<key>/bzImage, config       the kernel, keyed by the linux-source-6.12 package version and a
#                                        hash of kernel/config.fragment
#     kernel/<key>/include/              the two headers the guest is compiled against (see below)
#     guest/<key>-<guest hash>/          the guest program and its initramfs
#     current.json                       what the kernel adapter boots (src/adapters/kernel.ts)
# A second run with the same source version, fragment and guest sources takes seconds.
#
# Licences: the guest is compiled at build time against include/uapi/linux/iommufd.h (GPL-2.0 WITH
# Linux-syscall-note) and drivers/iommu/iommufd/iommufd_test.h (GPL-2.0, not exported uapi) of the
# installed source. Neither is copied into the repository; the copies live in the cache only.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FRAGMENT="$REPO/kernel/config.fragment"
GUEST_SRC="$REPO/kernel/guest"
CACHE="${IOMMU_CONFORMANCE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iommu-uapi-conformance}"
SOURCE_PKG=linux-source-6.12
# Bumped when this script changes how the kernel is configured or built (part of the cache key).
RECIPE=1
# Compile/link steps of a cold build of this configuration (measured), for the progress estimate.
EXPECTED_STEPS=1510
EXPECTED_MINUTES=3

JOBS="$(nproc 2>/dev/null || echo 2)"
FORCE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) JOBS="$2"; shift 2 ;;
    --jobs=*) JOBS="${1#--jobs=}"; shift ;;
    --force) FORCE=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "kernel:build: unknown argument $1" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1mkernel:build:\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mkernel:build: %s\033[0m\n' "$*" >&2; exit 1; }
# Exit 10: what the build needs cannot be reached (apt, root, QEMU); scripts/kernel/test.sh skips on it.
unreachable() { printf '\033[1;31mkernel:build: %s\033[0m\n' "$*" >&2; exit 10; }
T0=$(date +%s)
elapsed() { local s=$(( $(date +%s) - ${1:-$T0} )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

# ---------------------------------------------------------------------------------------------------
# 1. Packages
PACKAGES=("$SOURCE_PKG" qemu-system-x86 build-essential bc flex bison libelf-dev libssl-dev cpio)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || unreachable "missing packages (${missing[*]}) and not root: install them with apt-get"
    SUDO=(sudo -n)
  fi
  say "installing ${missing[*]} with apt (about 330 MB on a fresh machine, 1-2 minutes)"
  t=$(date +%s)
  export DEBIAN_FRONTEND=noninteractive
  command -v apt-get >/dev/null || unreachable "missing packages (${missing[*]}) and no apt-get"
  "${SUDO[@]}" apt-get update -qq || unreachable "apt-get update failed (no network or no package mirror?)"
  # --no-install-recommends: qemu-system-x86 would otherwise pull in GTK and friends.
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || unreachable "apt-get install ${missing[*]} failed"
  say "packages installed in $(elapsed "$t")"
fi
SOURCE_VERSION="$(dpkg-query -W -f='${Version}' "$SOURCE_PKG")"
TARBALL="/usr/src/$SOURCE_PKG.tar.xz"
[ -f "$TARBALL" ] || die "$TARBALL is missing although $SOURCE_PKG is installed"

# ---------------------------------------------------------------------------------------------------
# 2. The kernel, cached by source version and fragment
FRAGMENT_HASH="$( { echo "recipe $RECIPE"; cat "$FRAGMENT"; } | sha256sum | cut -c1-16)"
# The fragment's own digest, which the adapter compares with the checkout's to notice a stale kernel.
FRAGMENT_SHA="$(sha256sum <"$FRAGMENT" | cut -c1-16)"
KEY="${SOURCE_VERSION//[^A-Za-z0-9.+-]/_}-$FRAGMENT_HASH"
KDIR="$CACHE/kernel/$KEY"
SRC="$CACHE/src/$SOURCE_PKG-${SOURCE_VERSION//[^A-Za-z0-9.+-]/_}"
BUILD="$CACHE/build/$KEY"
mkdir -p "$CACHE"

verify_config() {
  local config="$1" bad=()
  # Every option of the fragment, and the hidden ones it exists for.
  local wanted
  wanted="$(grep -E '^CONFIG_[A-Z0-9_]+=' "$FRAGMENT"; printf '%s\n' CONFIG_IOMMU_IOPF=y CONFIG_IOMMUFD_DRIVER=y)"
  while IFS= read -r line; do
    grep -qx "$line" "$config" || bad+=("$line (got: $(grep -E "^(# )?${line%%=*}[= ]" "$config" || echo unset))")
  done <<< "$wanted"
  if [ ${#bad[@]} -gt 0 ]; then
    printf '\033[1;31mkernel:build: the configuration lost options the certification needs:\033[0m\n' >&2
    printf '  %s\n' "${bad[@]}" >&2
    die "fix kernel/config.fragment (a kernel without CONFIG_IOMMU_IOPF=y gives false successes)"
  fi
}

if [ "$FORCE" = 1 ] || [ ! -s "$KDIR/bzImage" ]; then
  say "kernel $KEY is not cached: building it (a cold build takes about $EXPECTED_MINUTES minutes on 2 idle cores, up to 7 on a slow or busy machine)"
  if [ ! -f "$SRC/.unpacked" ]; then
    say "unpacking $TARBALL into $SRC"
    t=$(date +%s)
    rm -rf "$SRC" "$SRC.tmp"
    mkdir -p "$SRC.tmp"
    tar -xJf "$TARBALL" -C "$SRC.tmp" --strip-components=1
    touch "$SRC.tmp/.unpacked"
    mv "$SRC.tmp" "$SRC"
    say "unpacked in $(elapsed "$t")"
  fi
  rm -rf "$BUILD"
  mkdir -p "$BUILD"
  MAKE=(make -C "$SRC" O="$BUILD" ARCH=x86_64 -s)
  say "configuring: tinyconfig + kernel/config.fragment + olddefconfig"
  "${MAKE[@]}" tinyconfig >/dev/null
  "$SRC/scripts/kconfig/merge_config.sh" -m -O "$BUILD" "$BUILD/.config" "$FRAGMENT" >"$BUILD/merge_config.log" 2>&1 \
    || { cat "$BUILD/merge_config.log" >&2; die "merge_config.sh failed"; }
  "${MAKE[@]}" olddefconfig >/dev/null
  verify_config "$BUILD/.config"
  say "configuration verified (CONFIG_IOMMUFD_TEST=y, CONFIG_IOMMU_IOPF=y, ...)"
  say "building bzImage with -j$JOBS; the full log is $BUILD/build.log"
  t=$(date +%s)
  # Progress: one line per 100 compile/link steps with the elapsed time and an estimate of what is left.
  if ! make -C "$SRC" O="$BUILD" ARCH=x86_64 -j"$JOBS" bzImage 2>&1 | tee "$BUILD/build.log" | awk -v total="$EXPECTED_STEPS" -v t0="$t" '
      /^  (CC|AS|LD|AR|HOSTCC|HOSTLD|OBJCOPY|GEN|ZSTD|GZIP|XZKERN|MKPIGGY|VOFFSET|RELOCS|BUILD)/ {
        n++
        if (n % 100 == 0) {
          now = systime(); e = now - t0
          pct = n < total ? int(100 * n / total) : 99
          left = n < total ? int(e * (total - n) / n) : 0
          printf "kernel:build:   %4d/~%d steps (%2d%%), %dm%02ds elapsed, about %dm%02ds left\n", n, total, pct, e / 60, e % 60, left / 60, left % 60
          fflush()
        }
      }
      END { printf "kernel:build:   %d steps\n", n }'; then
    tail -30 "$BUILD/build.log" >&2
    die "the kernel build failed (log: $BUILD/build.log)"
  fi
  [ -s "$BUILD/arch/x86/boot/bzImage" ] || die "no bzImage after the build (log: $BUILD/build.log)"
  verify_config "$BUILD/.config"
  rm -rf "$KDIR"
  mkdir -p "$KDIR/include/linux"
  cp "$BUILD/arch/x86/boot/bzImage" "$KDIR/bzImage"
  cp "$BUILD/.config" "$KDIR/config"
  make -C "$SRC" O="$BUILD" ARCH=x86_64 -s kernelrelease >"$KDIR/release"
  # The guest's build inputs, beside the kernel they belong to (cache only, never the repository).
  cp "$SRC/include/uapi/linux/iommufd.h" "$KDIR/include/linux/iommufd.h"
  cp "$SRC/drivers/iommu/iommufd/iommufd_test.h" "$KDIR/include/iommufd_test.h"
  gcc -O2 -o "$KDIR/gen_init_cpio" "$SRC/usr/gen_init_cpio.c"
  say "kernel built in $(elapsed "$t"): $KDIR/bzImage ($(du -k "$KDIR/bzImage" | cut -f1) KiB, $(cat "$KDIR/release"))"
else
  verify_config "$KDIR/config"
  say "kernel $KEY is cached ($(cat "$KDIR/release"))"
fi

# ---------------------------------------------------------------------------------------------------
# 3. The guest program and its initramfs, cached by kernel key and guest sources
guest_hash() {
  # The same digest src/adapters/kernel.ts computes to notice a stale initramfs: each regular file of
  # kernel/guest in byte order of its name, as "<name>\n<contents>".
  (cd "$GUEST_SRC" && LC_ALL=C ls -1 | while IFS= read -r f; do [ -f "$f" ] && { printf '%s\n' "$f"; cat "$f"; }; done) | sha256sum | cut -c1-16
}
GUEST_HASH="$(guest_hash)"
GDIR="$CACHE/guest/$KEY-$GUEST_HASH"
if [ "$FORCE" = 1 ] || [ ! -s "$GDIR/initramfs.cpio.gz" ]; then
  say "building the guest program (kernel/guest, static)"
  rm -rf "$GDIR"
  mkdir -p "$GDIR"
  gcc -static -O2 -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
    -I "$KDIR/include" -o "$GDIR/init" "$GUEST_SRC"/*.c
  cat >"$GDIR/initramfs.list" <<EOF
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /tmp 1777 0 0
file /init $GDIR/init 0755 0 0
EOF
  "$KDIR/gen_init_cpio" "$GDIR/initramfs.list" | gzip -9 >"$GDIR/initramfs.cpio.gz"
  say "guest built: $GDIR/initramfs.cpio.gz"
else
  say "guest $GUEST_HASH is cached"
fi

# ---------------------------------------------------------------------------------------------------
# 4. What the adapter boots
command -v qemu-system-x86_64 >/dev/null || unreachable "qemu-system-x86_64 is missing (apt-get install --no-install-recommends qemu-system-x86)"
cat >"$CACHE/current.json.tmp" <<EOF
{
  "key": "$KEY",
  "sourcePackage": "$SOURCE_PKG",
  "sourceVersion": "$SOURCE_VERSION",
  "release": "$(cat "$KDIR/release")",
  "fragmentHash": "$FRAGMENT_HASH",
  "fragmentSha": "$FRAGMENT_SHA",
  "recipe": $RECIPE,
  "guestHash": "$GUEST_HASH",
  "bzImage": "$KDIR/bzImage",
  "initramfs": "$GDIR/initramfs.cpio.gz",
  "config": "$KDIR/config",
  "builtAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
EOF
mv "$CACHE/current.json.tmp" "$CACHE/current.json"
# Object trees and guests of other keys are dead weight (about 140 MB per object tree); kernels stay.
find "$CACHE/build" -mindepth 1 -maxdepth 1 ! -name "$KEY" -exec rm -rf {} + 2>/dev/null || true
find "$CACHE/guest" -mindepth 1 -maxdepth 1 ! -name "$KEY-$GUEST_HASH" -exec rm -rf {} + 2>/dev/null || true
say "ready in $(elapsed): npx iommu-conformance run --adapter kernel"
