#!/bin/bash
# Compares cmd/docgen with Redocly's build-docs on the same contract: median wall time of
# several runs each (Node start-up included for Redocly, as a user would run it; docgen
# built once beforehand, as a user would run the binary), the ratio, and the output sizes.
#
#   bench/docgen.sh [RUNS]        (from the repository root; default 7 runs)
#
# Redocly is installed once into a cache folder (@redocly/cli@2.77.0, as in BENCH.md).
set -euo pipefail
runs=${1:-7}
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${DOCGEN_BENCH_CACHE:-$HOME/.cache/wpti-bench}
redocly_dir=$cache/redocly-2.77.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ ! -x $redocly_dir/node_modules/.bin/redocly ]]; then
  echo "installo @redocly/cli@2.77.0 in $redocly_dir" >&2
  mkdir -p "$redocly_dir"
  (cd "$redocly_dir" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund @redocly/cli@2.77.0 >/dev/null)
fi
redocly=$redocly_dir/node_modules/.bin/redocly

(cd "$root" && go build -o "$work/docgen" ./cmd/docgen)

# median TIMES...: prints the median of the arguments (seconds)
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# seconds CMD...: runs CMD once, prints its wall time in seconds
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}

docgen_times=() redocly_times=()
mkdir -p "$work/docgen-out" "$work/redocly-out"
# one untimed run each to warm the file cache
"$work/docgen" -o "$work/docgen-out" >/dev/null
(cd "$root" && REDOCLY_TELEMETRY=off "$redocly" build-docs spec/wpti.yaml --inlineBundle -o "$work/redocly-out/out.html" >/dev/null 2>&1)
for ((i = 0; i < runs; i++)); do
  docgen_times+=("$(seconds "$work/docgen" -o "$work/docgen-out")")
  redocly_times+=("$(cd "$root" && seconds env REDOCLY_TELEMETRY=off "$redocly" build-docs spec/wpti.yaml --inlineBundle -o "$work/redocly-out/out.html")")
done

d=$(median "${docgen_times[@]}")
r=$(median "${redocly_times[@]}")
printf 'runs: %d (alternated)\n' "$runs"
printf 'docgen  (both manuals, WPTI + WPTI_AF): median %.3f s  [%s]\n' "$d" "${docgen_times[*]}"
printf 'redocly (WPTI only, --inlineBundle)   : median %.3f s  [%s]\n' "$r" "${redocly_times[*]}"
printf 'ratio redocly/docgen: %.1fx\n' "$(echo "$r / $d" | bc -l)"
printf 'size docgen  ManualeAPI_WPTI.html    : %d bytes\n' "$(stat -c %s "$work/docgen-out/ManualeAPI_WPTI.html")"
printf 'size docgen  ManualeAPI_WPTI_AF.html : %d bytes\n' "$(stat -c %s "$work/docgen-out/ManualeAPI_WPTI_AF.html")"
printf 'size redocly out.html (WPTI)         : %d bytes\n' "$(stat -c %s "$work/redocly-out/out.html")"
ext=$(grep -Eoi '(src|href)="(https?:)?//[^"]+' "$work/redocly-out/out.html" | sort -u | wc -l)
printf 'external references in redocly output: %d; in docgen output: %d\n' "$ext" \
  "$(cat "$work"/docgen-out/*.html | grep -Eoi '<(script|img|link)[^>]*(src|href)="(https?:)?//' | wc -l)"
