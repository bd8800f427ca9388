#!/usr/bin/env bash
# Runs every test project of the solution; prints a plain 'N passed, N failed' closing line.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${CONFIG:-Release}
rm -rf artifacts/test-results && mkdir -p artifacts/test-results
status=0
dotnet test LetsCode.sln -c "$CONFIG" --no-build --nologo \
  --logger "trx" --results-directory artifacts/test-results \
  --logger "console;verbosity=normal" 2>&1 | tee artifacts/test-results/console.log || status=$?
count() { cat artifacts/test-results/*.trx 2>/dev/null | grep -oE "<Counters [^>]*" | grep -oE " $1=\"[0-9]+\"" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}'; }
passed=$(count passed)
failed=$(count failed)
echo "${passed:-0} passed, ${failed:-0} failed"
exit $status
