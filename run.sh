#!/usr/bin/env bash
# ./run.sh [OPTIONS...] — installs what Vibe needs, builds it and runs it in the foreground (Ctrl+C stops it).
# It runs WebFront: the web app, its API and the silo with the workspaces in one process, on http://127.0.0.1:5000;
# it prints the URL to open. Options go to WebFront, e.g. ./run.sh --urls http://0.0.0.0:8080 --Vibe:DataDirectory /srv/vibe
# Data lives in .data/ in this directory unless Vibe:DataDirectory says otherwise.
# --prebuild builds every workspace template image first (deploy/images/build.sh all: blank, the Debian base, node, python;
# a few minutes the first time, under a second when they exist); without it a missing image is built by the first start
# that needs it, its progress shown in the browser.
set -euo pipefail
script=run.sh
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
# shellcheck source=scripts/prerequisites.sh
. scripts/prerequisites.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages Vibe needs at run time, as PACKAGE:COMMAND: the Docker engine for the workspaces and the static
# busybox the `blank` template image is built from.
runtime_packages=(docker.io:dockerd busybox-static:)

prebuild=0
args=()
for arg in "$@"; do
  case "$arg" in
    --prebuild) prebuild=1 ;;
    *) args+=("$arg") ;;
  esac
done
set -- ${args[@]+"${args[@]}"}

require_dotnet
require_node
ensure_packages ${runtime_packages[@]+"${runtime_packages[@]}"}

say "building Vibe (Release)..."
dotnet build src/WebFront/Vibe.WebFront.csproj -c Release -nologo -v quiet >&2 \
  || die "the build failed (errors above)."

prebuild_images() {
  [ "$prebuild" -eq 1 ] || return 0
  say "building the workspace template images (deploy/images/build.sh all; existing ones are kept)..."
  deploy/images/build.sh all >&2 || die "building the template images failed (the lines above say why)."
}

ensure_dockerd .data/dockerd.log
prebuild_images
if [ -z "$dockerd_pid" ]; then
  exec dotnet src/WebFront/bin/Release/net10.0/Vibe.WebFront.dll "$@"
fi

# The dockerd started above stops when this script exits, after Vibe (Ctrl+C reaches Vibe, which stops first).
status=0
dotnet src/WebFront/bin/Release/net10.0/Vibe.WebFront.dll "$@" || status=$?
exit "$status"
