#!/usr/bin/env bash
# ./run.sh [OPTIONS...] — installs what Vibe needs, builds it and runs it in the foreground (Ctrl+C stops it).
# It runs WebFront: the web app, its API and the silo with the workspaces in one process, on http://127.0.0.1:5000;
# it prints the URL to open. Options go to WebFront, e.g. ./run.sh --urls http://0.0.0.0:8080 --Vibe:DataDirectory /srv/vibe
# Data lives in .data/ in this directory unless Vibe:DataDirectory says otherwise.
set -euo pipefail
script=run.sh
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
# shellcheck source=scripts/prerequisites.sh
. scripts/prerequisites.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages Vibe needs at run time, as PACKAGE:COMMAND (docker.io:dockerd joins with the workspaces).
runtime_packages=()

require_dotnet
require_node
ensure_packages ${runtime_packages[@]+"${runtime_packages[@]}"}

say "building Vibe (Release)..."
dotnet build src/WebFront/Vibe.WebFront.csproj -c Release -nologo -v quiet >&2 \
  || die "the build failed (errors above)."

exec dotnet src/WebFront/bin/Release/net10.0/Vibe.WebFront.dll "$@"
