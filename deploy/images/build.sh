#!/usr/bin/env bash
# Builds Vibe's workspace images locally (nothing is pulled from a registry).
#   deploy/images/build.sh [--force] [blank|base|node|python|all ...]     (no name: all)
# An image that already exists is skipped unless --force is given; node and python build base first if it is missing.
#   blank   vibe/blank:latest    FROM scratch + the host's busybox-static (seconds, no network)
#   base    vibe/base:bookworm   debootstrap --variant=minbase bookworm + docker import (needs root and the Debian mirror)
#   node    vibe/node:latest     base + nodejs npm git (apt-get inside docker build)
#   python  vibe/python:latest   base + python3 python3-pip python3-venv git
# The Debian mirror is the one apt uses on this machine (/etc/apt/sources.list{,.d}); VIBE_DEBIAN_MIRROR (and
# VIBE_DEBIAN_SECURITY_MIRROR) override it. VIBE_BUILD_NETWORK=host runs the apt-get steps on the host's network.
# VIBE_BASE_IMAGE names the image `base` makes (default vibe/base:bookworm, which the node and python Dockerfiles start FROM).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
force=0
images=()
for arg in "$@"; do
  case "$arg" in
    --force|-f) force=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) echo "unknown option: $arg" >&2; exit 2 ;;
    *) images+=("$arg") ;;
  esac
done
[ ${#images[@]} -eq 0 ] && images=(all)

command -v docker >/dev/null || { echo "docker CLI not found: apt-get install docker.io" >&2; exit 1; }
docker version >/dev/null 2>&1 || {
  echo "Docker daemon not reachable at ${DOCKER_HOST:-unix:///var/run/docker.sock}: start it with \`dockerd\` (or \`sudo systemctl start docker\`) or set DOCKER_HOST" >&2
  exit 1
}

# The classic builder needs no buildx plugin and no network for FROM scratch.
export DOCKER_BUILDKIT=0

build_blank() {
  local tag=vibe/blank:latest busybox=/bin/busybox
  [ -x "$busybox" ] || { echo "$busybox not found: apt-get install busybox-static" >&2; exit 1; }
  file -L "$busybox" 2>/dev/null | grep -q 'dynamically linked' && { echo "$busybox is dynamically linked: install busybox-static" >&2; exit 1; }

  local ctx
  ctx="$(mktemp -d)"
  trap 'rm -rf "$ctx"' RETURN
  cp "$here/blank/Dockerfile" "$ctx/Dockerfile"
  mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/sbin" "$ctx/rootfs/usr/bin" "$ctx/rootfs/usr/sbin" \
           "$ctx/rootfs/etc" "$ctx/rootfs/root" "$ctx/rootfs/tmp" "$ctx/rootfs/workspace"
  cp "$busybox" "$ctx/rootfs/bin/busybox"
  chmod 0755 "$ctx/rootfs/bin/busybox"
  chmod 0700 "$ctx/rootfs/root"
  cat > "$ctx/rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
vibe:x:1000:1000:vibe:/workspace:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
  cat > "$ctx/rootfs/etc/group" <<'GROUP'
root:x:0:
vibe:x:1000:
nogroup:x:65534:
GROUP
  docker build --quiet --tag "$tag" "$ctx" >/dev/null
  echo "built $tag"
}

# Temporary directories and logs to remove however the script ends (a failed build keeps its log and says where).
cleanup_dirs=()
cleanup() {
  local dir mnt
  for dir in ${cleanup_dirs[@]+"${cleanup_dirs[@]}"}; do
    [ -d "$dir" ] || continue
    # debootstrap mounts /proc and /sys inside the target; never delete through a mount that is still there.
    for mnt in $(awk -v d="$dir" 'index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r); do
      umount -l "$mnt" 2>/dev/null || true
    done
    rm -rf --one-file-system "$dir"
  done
}
trap cleanup EXIT

fail() { echo "error: $*" >&2; exit 1; }

# Prints "URI SUITE" for every enabled deb entry apt uses here, one-line (.list) and deb822 (.sources) formats alike.
apt_entries() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ } if (i + 1 <= NF) print $i, $(i + 1) }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    awk '
      function flush(   n, m, a, b, u, s) {
        if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled != "no") {
          n = split(uris, u, /[ \t]+/); m = split(suites, s, /[ \t]+/)
          for (a = 1; a <= n; a++) for (b = 1; b <= m; b++) if (u[a] != "" && s[b] != "") print u[a], s[b]
        }
        types = uris = suites = enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[A-Za-z-]+:/ {
        key = tolower(substr($0, 1, index($0, ":") - 1)); val = substr($0, index($0, ":") + 1)
        sub(/^[ \t]+/, "", val); sub(/[ \t]+$/, "", val)
        if (key == "types") types = val; else if (key == "uris") uris = val
        else if (key == "suites") suites = val; else if (key == "enabled") enabled = tolower(val)
      }
      END { flush() }' "$f"
  done
}

# The Debian archive apt uses here (its bookworm entry, else any Debian release's), and the security archive if any.
debian_mirror=""
debian_security=""
find_mirrors() {
  local entries
  entries="$(apt_entries)"
  debian_mirror="${VIBE_DEBIAN_MIRROR:-}"
  if [ -z "$debian_mirror" ]; then
    debian_mirror="$(awk '$2 == "bookworm" { print $1; exit }' <<<"$entries")"
    [ -n "$debian_mirror" ] || debian_mirror="$(awk '$2 ~ /^(bullseye|bookworm|trixie|forky|sid|oldstable|stable|testing|unstable)$/ { print $1; exit }' <<<"$entries")"
  fi
  [ -n "$debian_mirror" ] || fail "no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d/ (set VIBE_DEBIAN_MIRROR=http://your.mirror/debian)"
  debian_mirror="${debian_mirror%/}"
  debian_security="${VIBE_DEBIAN_SECURITY_MIRROR:-$(awk '$2 ~ /-security$/ { print $1; exit }' <<<"$entries")}"
  debian_security="${debian_security%/}"
}

build_base() {
  local tag="${VIBE_BASE_IMAGE:-vibe/base:bookworm}"
  if ! command -v debootstrap >/dev/null; then
    [ "$(id -u)" -eq 0 ] || fail "debootstrap is not installed and installing it needs root: apt-get install debootstrap"
    echo "installing debootstrap (apt-get)..."
    # Another apt-get (an upgrade, a test run installing its packages) may hold dpkg's lock: wait for it, not fail.
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends debootstrap >/dev/null \
      || { apt-get -o DPkg::Lock::Timeout=300 update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends debootstrap >/dev/null; } \
      || fail "could not install debootstrap with apt-get"
  fi
  [ "$(id -u)" -eq 0 ] || fail "building $tag needs root (debootstrap creates device nodes and chroots)"
  find_mirrors

  local work rootfs log started=$SECONDS
  work="$(mktemp -d "${TMPDIR:-/var/tmp}/vibe-base.XXXXXX")"
  cleanup_dirs+=("$work")
  rootfs="$work/rootfs"
  log="$(mktemp "${TMPDIR:-/tmp}/vibe-debootstrap.XXXXXX.log")"
  local include=()
  [[ "$debian_mirror" == https://* ]] && include=(--include=ca-certificates)

  echo "[base] debootstrap --variant=minbase bookworm from $debian_mirror (about a minute; full log: $log)"
  if ! debootstrap --variant=minbase ${include[@]+"${include[@]}"} bookworm "$rootfs" "$debian_mirror" 2>&1 \
      | tee "$log" \
      | { grep --line-buffered -E '^(I: (Retrieving (In)?Release|Retrieving Packages|Checking Release|Resolving dependencies|Installing core|Unpacking required|Configuring required|Unpacking the base|Configuring the base|Base system installed)|[EW]: )' || true; } \
      | sed -u 's/^/[base]   /'; then
    echo "error: debootstrap failed (mirror $debian_mirror); last lines of $log:" >&2
    tail -n 20 "$log" >&2
    [ -f "$rootfs/debootstrap/debootstrap.log" ] && { echo "--- $rootfs/debootstrap/debootstrap.log:" >&2; tail -n 20 "$rootfs/debootstrap/debootstrap.log" >&2; }
    exit 1
  fi

  echo "[base] configuring apt for $debian_mirror and trimming the root filesystem"
  {
    echo "deb $debian_mirror bookworm main"
    echo "deb $debian_mirror bookworm-updates main"
    [ -n "$debian_security" ] && echo "deb $debian_security bookworm-security main"
  } > "$rootfs/etc/apt/sources.list"
  # As in Debian's own container images: no recommends, no translations, no cached .debs, no services started by dpkg.
  cat > "$rootfs/etc/apt/apt.conf.d/90vibe" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
Acquire::GzipIndexes "true";
Acquire::CompressionTypes::Order:: "gz";
APT
  cat > "$rootfs/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
  cat > "$rootfs/etc/dpkg/dpkg.cfg.d/90vibe-nodoc" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
DPKG
  printf '#!/bin/sh\nexit 101\n' > "$rootfs/usr/sbin/policy-rc.d"
  chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
         "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  # Docker provides these per container; keep nothing of this host's.
  : > "$rootfs/etc/resolv.conf"
  : > "$rootfs/etc/hostname"
  : > "$rootfs/etc/machine-id"

  echo "[base] importing the root filesystem as $tag"
  local id
  id="$(tar --numeric-owner --xattrs -C "$rootfs" -c . | docker import \
          --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
          --change 'CMD ["/bin/bash"]' \
          --change 'LABEL org.opencontainers.image.title="vibe/base" io.vibe.template="base"' \
          --message "debootstrap --variant=minbase bookworm $debian_mirror" \
          - "$tag")" || fail "docker import of $tag failed"
  rm -f "$log"
  echo "built $tag (${id#sha256:}) in $((SECONDS - started)) s"
}

# docker build of deploy/images/<name>/Dockerfile FROM the local vibe/base:bookworm; prints each step, keeps the log on failure.
build_from_base() {
  local name=$1 tag="vibe/$1:latest" started=$SECONDS
  if ! docker image inspect vibe/base:bookworm >/dev/null 2>&1; then
    echo "[$name] vibe/base:bookworm is missing: building it first"
    build_base
  fi
  local log
  log="$(mktemp "${TMPDIR:-/tmp}/vibe-build-$name.XXXXXX.log")"
  local options=(--pull=false --force-rm)
  [ -n "${VIBE_BUILD_NETWORK:-}" ] && options+=(--network "$VIBE_BUILD_NETWORK")
  # --force means a fresh apt-get (e.g. for security updates), not the cached layers.
  [ "$force" -eq 1 ] && options+=(--no-cache)
  echo "[$name] docker build $tag from $here/$name (apt-get inside; full log: $log)"
  # --pull=false: the base image is local and must never be looked up in a registry; --force-rm: no leftover
  # containers from a failed step; sed: the daemon colours stderr, which the log and the filter below do not want.
  if ! docker build "${options[@]}" --tag "$tag" "$here/$name" 2>&1 \
      | sed -u 's/\x1b\[[0-9;]*m//g' | tee "$log" \
      | { grep --line-buffered -E '^(Step [0-9]+/[0-9]+ :|E: |Err:)' || true; } \
      | sed -u "s/^/[$name]   /"; then
    echo "error: docker build of $tag failed; last lines of $log:" >&2
    tail -n 25 "$log" >&2
    exit 1
  fi
  rm -f "$log"
  echo "built $tag in $((SECONDS - started)) s"
}

build_node() { build_from_base node; }
build_python() { build_from_base python; }

expanded=()
for image in "${images[@]}"; do
  case "$image" in
    all) expanded+=(blank base node python) ;;
    *) expanded+=("$image") ;;
  esac
done

for image in "${expanded[@]}"; do
  case "$image" in
    blank) tag=vibe/blank:latest ;;
    base) tag="${VIBE_BASE_IMAGE:-vibe/base:bookworm}" ;;
    node) tag=vibe/node:latest ;;
    python) tag=vibe/python:latest ;;
    *) echo "unknown image: $image (known: blank, base, node, python, all)" >&2; exit 2 ;;
  esac
  if [ "$force" -eq 0 ] && docker image inspect "$tag" >/dev/null 2>&1; then
    echo "$tag exists (use --force to rebuild)"
    continue
  fi
  "build_$image"
done
