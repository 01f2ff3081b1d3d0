#!/usr/bin/env bash
# ./test.sh [--install-only]
# Installs what the tests need if it is missing, restores and builds Vibe.sln in Release (warnings are errors),
# checks formatting and test names, runs the browser app's unit tests and the solution's test projects (two at a time),
# and ends with one line:
#   N passed, N failed[, N skipped]
# It exits non-zero if anything failed. --install-only stops after installing.
set -euo pipefail
script=test.sh
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
# shellcheck source=scripts/prerequisites.sh
. scripts/prerequisites.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

install_only=false
case "${1:-}" in
  "") ;;
  --install-only) install_only=true ;;
  -h|--help) sed -n '2,7s/^# \{0,1\}//p' "$0"; exit 0 ;;
  *) die "unknown argument '$1'; usage: ./test.sh [--install-only]" ;;
esac

# Debian packages the tests use, as PACKAGE:COMMAND: PostgreSQL for storage and membership tests and Redis for
# membership tests (the fixtures start their own servers), Docker Engine for the container tests, busybox-static for
# the minimal workspace image, Chromium for the browser tests (tests/E2E drives Debian's /usr/bin/chromium with Playwright).
test_packages=(postgresql:initdb redis-server:redis-server docker.io:dockerd busybox-static:busybox chromium:chromium)

step() { say "[$(( (SECONDS - started) / 60 ))m$(( (SECONDS - started) % 60 ))s] $*"; }

started=$SECONDS
require_dotnet
require_node
ensure_packages "${test_packages[@]}"
if $install_only; then
  exit 0
fi

# CI waits for every process holding its output; build servers outlive the build, so stop them when done.
if [ "${CI:-}" = "true" ]; then
  trap 'dotnet build-server shutdown >/dev/null 2>&1 || true' EXIT
fi

step "restoring"
dotnet restore Vibe.sln -nologo -v quiet || die "restore failed (errors above)."

step "building Vibe.sln (Release)"
dotnet build Vibe.sln -c Release --no-restore -nologo -v quiet -nodeReuse:false \
  || die "the build failed (errors above)."

step "checking formatting"
dotnet format Vibe.sln --verify-no-changes --no-restore -v quiet \
  || die "formatting differs from .editorconfig (see above): run 'dotnet format Vibe.sln' and commit the result."

step "checking test names"
scripts/check-test-names.sh || die "name the tests above as sentences joined by underscores (tests/README.md, \"Test names\")."

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# The test projects under tests/ (tests/TestSupport is a library they share: no IsTestProject).
mapfile -t projects < <(dotnet sln Vibe.sln list | tr '\\' '/' | grep -E '^tests/.+\.csproj$' \
  | while read -r project; do grep -q '<IsTestProject>true</IsTestProject>' "$project" && echo "$project"; done)
[ "${#projects[@]}" -gt 0 ] || die "Vibe.sln lists no test projects under tests/."

# counter NAME: the NAME="N" attribute of $counters, 0 if absent.
counter() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters" | grep . || echo 0; }

passed=0 failed=0 skipped=0
failures=()

# The browser app's unit tests (Vitest; the build above ran npm ci), counted from its JSON report.
step "testing the browser app (src/WebFront/client)"
client_report="$results/client/vitest.json"
mkdir -p "$results/client"
status=0
(cd src/WebFront/client && npm test -- --reporter=default --reporter=json --outputFile.json="$client_report") || status=$?
if [ -f "$client_report" ]; then
  read -r p f s < <(node -e 'const r = require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests)' "$client_report")
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    failures+=("browser app: npm test failed (exit code $status) without a failed test (see above)")
    f=1
  elif [ "$f" -gt 0 ]; then
    failures+=("browser app: $f failed")
  fi
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
else
  failures+=("browser app: no results (exit code $status): npm test did not run")
  failed=$((failed + 1))
fi

# The test projects run in two lanes at once, each lane one project after another: the ones that mostly wait on Docker
# containers and Chromium in one, the rest in the other (the slowest of each first). A project's output is printed in
# one piece when it ends, so the two lanes never interleave; the counting below reads the results afterwards.
waiting_lane=" Vibe.E2E.Tests Vibe.Grains.Tests Vibe.Cli.Tests Vibe.Docker.Tests "
slowest_first=(Vibe.WebFront.Tests Vibe.E2E.Tests Vibe.Grains.Tests Vibe.Silo.Tests Vibe.Cli.Tests)
lanes=("" "")
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  rank=${#slowest_first[@]}
  for i in "${!slowest_first[@]}"; do
    [ "${slowest_first[$i]}" = "$name" ] && rank=$i
  done
  printf '%s %s\n' "$rank" "$project"
done | sort -n -s -k1,1 | while read -r _ project; do echo "$project"; done >"$results/.order"
while read -r project; do
  lane=0
  [[ "$waiting_lane" == *" $(basename "$project" .csproj) "* ]] && lane=1
  lanes[lane]+="$project"$'\n'
done <"$results/.order"
output_lock="$results/.output.lock"

# test_project PROJECT: runs its tests into $results/NAME/ (NAME.trx, console.log, exit-code) and prints its output.
test_project() {
  local project="$1" name status=0
  name="$(basename "$project" .csproj)"
  mkdir -p "$results/$name"
  { flock 9; step "testing $name"; } 9>"$output_lock"
  dotnet test "$project" -c Release --no-build -nologo \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    --results-directory "$results/$name" --logger "trx;LogFileName=$name.trx" >"$results/$name/console.log" 2>&1 || status=$?
  echo "$status" >"$results/$name/exit-code"
  { flock 9; step "$name ended (exit code $status); its output:"; cat "$results/$name/console.log"; } 9>"$output_lock"
}

lane_pids=()
stop_lanes() {
  local pid
  for pid in ${lane_pids[@]+"${lane_pids[@]}"}; do
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
  done
}
trap 'stop_lanes; exit 130' INT TERM
for lane in "${lanes[@]}"; do
  [ -n "$lane" ] || continue
  mapfile -t lane_projects <<<"${lane%$'\n'}"
  ( for project in "${lane_projects[@]}"; do test_project "$project"; done ) &
  lane_pids+=($!)
done
for pid in "${lane_pids[@]}"; do
  wait "$pid" || true
done
trap - INT TERM

for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  status="$(cat "$results/$name/exit-code" 2>/dev/null || echo "none")"
  trx="$results/$name/$name.trx"
  if [ ! -f "$trx" ]; then
    failures+=("$name: no results (exit code $status): the test run did not start or crashed")
    failed=$((failed + 1))
    continue
  fi

  # <Counters total=".." executed=".." passed=".." failed=".." error=".." timeout=".." aborted=".." .../>;
  # skipped tests are the ones not executed.
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
  p=$(counter passed)
  f=$(( $(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted) ))
  s=$(( $(counter total) - $(counter executed) ))
  if [ "$status" != 0 ] && [ "$f" -eq 0 ]; then
    failures+=("$name: the test run failed (exit code $status) without a failed test: a crash or a hang (see above)")
    f=1
  elif [ "$f" -gt 0 ]; then
    failures+=("$name: $f failed")
  fi
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done

for failure in ${failures[@]+"${failures[@]}"}; do
  say "FAILED $failure"
done
elapsed=$((SECONDS - started))
say "finished in $((elapsed / 60))m$((elapsed % 60))s; results in ${results#"$root"/}/"

summary="$passed passed, $failed failed"
if [ "$skipped" -gt 0 ]; then
  summary+=", $skipped skipped"
fi
echo "$summary"
[ "$failed" -eq 0 ]
