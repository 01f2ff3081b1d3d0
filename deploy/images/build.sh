#!/usr/bin/env bash
# Builds Vibe's workspace images locally (nothing is pulled).
#   deploy/images/build.sh [--force] [blank ...]     (no name: every image)
# An image that already exists is skipped unless --force is given.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
force=0
images=()
for arg in "$@"; do
  case "$arg" in
    --force|-f) force=1 ;;
    -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option: $arg" >&2; exit 2 ;;
    *) images+=("$arg") ;;
  esac
done
[ ${#images[@]} -eq 0 ] && images=(blank)

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

for image in "${images[@]}"; do
  case "$image" in
    blank) tag=vibe/blank:latest ;;
    *) echo "unknown image: $image (known: blank)" >&2; exit 2 ;;
  esac
  if [ "$force" -eq 0 ] && docker image inspect "$tag" >/dev/null 2>&1; then
    echo "$tag exists (use --force to rebuild)"
    continue
  fi
  "build_$image"
done
