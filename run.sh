#!/usr/bin/env bash
# ./run.sh [SILO OPTIONS...] — installs what Vibe needs, builds it and runs it in the foreground (Ctrl+C stops it).
# Options go to the Silo, e.g. ./run.sh --urls http://0.0.0.0:8080 --Vibe:DataDirectory /srv/vibe
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
ensure_packages ${runtime_packages[@]+"${runtime_packages[@]}"}

say "building Vibe (Release)..."
dotnet build src/Silo/Vibe.Silo.csproj -c Release -nologo -v quiet >&2 \
  || die "the build failed (errors above)."

exec dotnet src/Silo/bin/Release/net10.0/Vibe.Silo.dll "$@"
