#!/usr/bin/env bash
# scripts/check-test-names.sh [DIRECTORY...]
# Checks that every xunit test under the given directories (default: tests/) is named in the house style of
# tests/README.md: a sentence, words joined by single underscores, starting with a capital, most words after the
# first in lower case (an identifier or acronym among them, such as TerminalExited or API, is fine). A test is a method
# declared after an attribute line whose first attribute is Fact or Theory (or ends so, as a custom DockerFact would).
# Prints each test named otherwise as FILE:LINE: NAME and exits 1 if there is any; ./test.sh runs it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ "$#" -gt 0 ] || set -- tests

mapfile -t files < <(find "$@" \( -name bin -o -name obj -o -name node_modules \) -prune -o -name '*.cs' -type f -print | sort)
[ "${#files[@]}" -gt 0 ] || exit 0
awk '
  function in_style(name,    n, words, i, lower) {
    if (name !~ /^[A-Z]/ || name ~ /__/ || name ~ /_$/) return 0
    n = split(name, words, "_")
    if (n < 2) return 0
    lower = 0
    for (i = 2; i <= n; i++) if (words[i] ~ /^[a-z0-9]/) lower++
    return lower > n - 1 - lower
  }
  FNR == 1 { pending = 0 }
  /^[ \t]*\[([A-Za-z_][A-Za-z0-9_.]*\.)?[A-Za-z_]*(Fact|Theory)(Attribute)?[](,]/ { pending = 1; next }
  pending && /^[ \t]*((public|internal|private|protected|static|async)[ \t]+)*(Task|ValueTask|void)[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/ {
    pending = 0
    tests++
    declaration = $0
    sub(/[ \t]*\(.*/, "", declaration)
    name = declaration
    sub(/.*[ \t]/, "", name)
    if (!in_style(name)) { print FILENAME ":" FNR ": " name; bad++ }
  }
  END {
    if (!tests) { print "found no tests: has the attribute or declaration form changed?" > "/dev/stderr"; exit 1 }
    if (bad) {
      printf "%d test name(s) above are not sentences joined by underscores (tests/README.md, \"Test names\"), e.g. A_stranger_gets_404_for_someone_elses_workspace\n", bad > "/dev/stderr"
      exit 1
    }
  }
' "${files[@]}"
