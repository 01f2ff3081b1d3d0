# Sourced by run.sh, test.sh and .ci/run: checks for the tools Vibe needs and installs missing Debian packages.
# Callers set `script` to their name for messages.

say() { printf '%s: %s\n' "$script" "$*" >&2; }
die() { printf '%s: error: %s\n' "$script" "$*" >&2; exit 1; }

# require_dotnet: the .NET 10 SDK must be on PATH (it is not a Debian package).
require_dotnet() {
  command -v dotnet >/dev/null 2>&1 \
    || die "the .NET 10 SDK is not installed (no 'dotnet' on PATH). Install .NET SDK 10.0, then run $script again."
  local version
  version="$(dotnet --version 2>/dev/null || true)"
  case "$version" in
    1[0-9].*|[2-9][0-9].*) ;;
    *) die "Vibe needs the .NET 10 SDK or newer; 'dotnet --version' says '${version:-nothing}'." ;;
  esac
}

# require_node: Node.js and npm build the WebFront browser app (src/WebFront/client) during `dotnet build`.
# Installs Debian's nodejs and npm when they are missing, then checks the version Vite needs (20.19+ or 22.12+).
require_node() {
  ensure_packages nodejs:node npm:npm
  local version major minor
  version="$(node --version 2>/dev/null || true)"
  version="${version#v}"
  major="${version%%.*}"
  minor="${version#*.}"
  minor="${minor%%.*}"
  case "$major.$minor" in
    20.19|20.[2-9][0-9]|22.1[2-9]|22.[2-9][0-9]|2[3-9].*|[3-9][0-9].*) ;;
    *) die "the browser app build needs Node.js 20.19+ or 22.12+; 'node --version' says '${version:-nothing}'. Install a newer Node.js (for example from NodeSource) and run $script again." ;;
  esac
}

# ensure_packages PACKAGE:COMMAND... — installs each Debian PACKAGE that is neither installed nor provides COMMAND on PATH.
# As root (or with password-less sudo) it runs apt-get update once and apt-get install; otherwise it says what to install.
ensure_packages() {
  local missing=() spec package command
  for spec in "$@"; do
    package="${spec%%:*}"
    command="${spec#*:}"
    if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      continue
    fi
    if [ -n "$command" ] && command -v "$command" >/dev/null 2>&1; then
      continue
    fi
    missing+=("$package")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      die "missing packages: ${missing[*]}. Install them as root: apt-get update && apt-get install -y ${missing[*]}"
    fi
  fi
  command -v apt-get >/dev/null 2>&1 \
    || die "missing packages: ${missing[*]}, and there is no apt-get here: install them (or their equivalents) with this system's package manager."

  local log
  log="$(mktemp -t vibe-apt.XXXXXX)"
  say "installing ${missing[*]} (apt-get; log: $log)"
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$log" 2>&1 \
    || ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    tail -n 20 "$log" >&2
    die "apt-get could not install ${missing[*]}; see $log"
  fi
  rm -f "$log"
}

# ensure_dockerd LOG — makes sure a Docker engine answers on the default socket. When none does, it starts dockerd (root
# only; in its own session, so Ctrl+C reaches the caller's foreground program, not dockerd; output in LOG), waits up to
# 60 s for it to answer, and stops it again when the calling script exits (an EXIT trap). dockerd_pid is the pid it
# started, empty when an engine was already running.
dockerd_pid=""
docker_answers() { timeout 10 docker version >/dev/null 2>&1; }
ensure_dockerd() {
  local log="$1" waited=0
  docker_answers && return 0
  command -v dockerd >/dev/null 2>&1 \
    || die "no Docker engine answers on /var/run/docker.sock and dockerd is not installed (apt-get install docker.io)."
  [ "$(id -u)" -eq 0 ] \
    || die "no Docker engine answers on /var/run/docker.sock and only root can start dockerd: start it (sudo dockerd &), then run $script again."
  mkdir -p "$(dirname "$log")"
  say "starting dockerd (log: $log); it stops when $script ends"
  setsid dockerd >"$log" 2>&1 </dev/null &
  dockerd_pid=$!
  trap stop_dockerd EXIT
  until docker_answers; do
    if ! kill -0 "$dockerd_pid" 2>/dev/null; then
      dockerd_pid=""
      tail -n 20 "$log" >&2 || true
      die "dockerd exited while starting (its log is above)."
    fi
    if [ "$waited" -ge 60 ]; then
      tail -n 20 "$log" >&2 || true
      die "dockerd did not answer within 60 s (its log is above)."
    fi
    sleep 1
    waited=$((waited + 1))
  done
  say "dockerd is up after ${waited} s"
}

# stop_dockerd — stops the dockerd ensure_dockerd started (SIGTERM, then SIGKILL after 30 s); nothing if it started none.
stop_dockerd() {
  [ -n "$dockerd_pid" ] && kill -0 "$dockerd_pid" 2>/dev/null || return 0
  say "stopping the dockerd it started (pid $dockerd_pid)"
  kill -TERM "$dockerd_pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    kill -0 "$dockerd_pid" 2>/dev/null || return 0
    sleep 1
  done
  say "dockerd did not stop within 30 s; killing it"
  kill -KILL "$dockerd_pid" 2>/dev/null || true
}
