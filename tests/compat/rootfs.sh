# Sourced by tests/compat/run.sh: a Debian 11 (bullseye, glibc 2.31, python3 3.9.2) minbase root
# filesystem built with debootstrap from Debian's packages, cached outside the repo (it is the
# same for every run and clone): $SEEDANCE_COMPAT_CACHE, default ~/.cache/seedance-compat.
# Needs root (debootstrap, chroot); installs debootstrap with apt-get when it is missing.

COMPAT_SUITE=bullseye
COMPAT_PACKAGES=python3,python3-venv
COMPAT_CACHE="${SEEDANCE_COMPAT_CACHE:-$HOME/.cache/seedance-compat}"
# The recipe is in the name: changing the suite or the packages builds a new root filesystem.
COMPAT_ROOTFS="$COMPAT_CACHE/$COMPAT_SUITE-minbase-${COMPAT_PACKAGES//,/-}"

# The first Debian mirror apt on this machine uses (deb822 or one-line format).
debian_mirror() {
    local uri
    uri="$(grep -hs -m1 -E '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n1 || true)"
    if [[ -z "$uri" ]]; then
        uri="$(grep -hs -E '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' | grep -v security | head -n1 || true)"
    fi
    echo "${uri:-http://deb.debian.org/debian}"
}

# Builds the root filesystem unless the cache has a complete one (made once, ~40 s).
ensure_rootfs() {
    if [[ -f "$COMPAT_ROOTFS/.seedance-complete" ]]; then
        return
    fi
    if [[ "$(id -u)" != 0 ]]; then
        echo "error: the compat test needs root (debootstrap and chroot)" >&2
        return 1
    fi
    if ! command -v debootstrap >/dev/null 2>&1; then
        echo "== installing debootstrap (apt-get)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null \
            || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
    fi
    local mirror building
    mirror="$(debian_mirror)"
    building="$COMPAT_ROOTFS.building.$$"
    mkdir -p "$COMPAT_CACHE"
    rm -rf "$building"
    echo "== debootstrap $COMPAT_SUITE (minbase, $COMPAT_PACKAGES) from $mirror into $COMPAT_ROOTFS"
    if ! debootstrap --variant=minbase --include="$COMPAT_PACKAGES" "$COMPAT_SUITE" "$building" "$mirror" \
        >"$COMPAT_CACHE/debootstrap.log" 2>&1; then
        tail -n 20 "$COMPAT_CACHE/debootstrap.log" >&2
        rm -rf "$building"
        return 1
    fi
    touch "$building/.seedance-complete"
    rm -rf "$COMPAT_ROOTFS"
    mv "$building" "$COMPAT_ROOTFS"
}
