#!/usr/bin/env bash
# Per-job latency of `letscode-runner judge` (process start to result) for a python3 a+b job with one test, as a
# caller of the CLI sees it. Runs are interleaved (one of each column per round) so load drift on a shared machine
# hits every column alike. Columns per runner: "miss" (a fresh --cache-root each run: the compile step, for python3
# the syntax check, runs every time) and "hit" (one warm --cache-root: the compile step is a cache hit).
# Usage: bench/runner-latency.sh ROUNDS RUNNER [RUNNER...]   e.g. bench/runner-latency.sh 10 artifacts/letscode-runner
set -euo pipefail
rounds=$1; shift
job='{"language":"python3","source":"print(sum(map(int, input().split())))\n","tests":[{"name":"a","input":"1 2\n","expectedOutput":"3\n"}]}'
scratch=$(mktemp -d /tmp/letscode-latency.XXXXXX); chmod 755 "$scratch"   # the sandbox uid must traverse it
trap 'rm -rf "$scratch"' EXIT

once() { # runner cache-root -> milliseconds
  local start end out
  start=$(date +%s%N)
  out=$(echo "$job" | "$1" judge --work-root "$scratch/work" --cache-root "$2")
  end=$(date +%s%N)
  [[ $out == *'"verdict":"Accepted"'* ]] || { echo "unexpected result: $out" >&2; exit 1; }
  echo $(((end - start) / 1000000))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

for r in $(seq $#); do once "${!r}" "$scratch/hit-$r" > /dev/null; done # warm-up; fills the "hit" caches
for round in $(seq "$rounds"); do
  for r in $(seq $#); do
    echo "$r miss $(once "${!r}" "$scratch/miss-$r-$round")"
    echo "$r hit $(once "${!r}" "$scratch/hit-$r")"
  done
done > "$scratch/times"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq $#); do
  for column in miss hit; do
    echo "${!r} $column: median $(awk -v r="$r" -v c="$column" '$1 == r && $2 == c { print $3 }' "$scratch/times" | median) ms (n=$rounds)"
  done
done
