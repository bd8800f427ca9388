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
# The closing lines name every failed test with the start of its message, so a log cut to its tail
# still says what broke.
if [ "${failed:-0}" != "0" ]; then
  echo "failed tests:"
  /usr/bin/python3 scripts/failed-tests.py artifacts/test-results/*.trx || true
fi
echo "${passed:-0} passed, ${failed:-0} failed"
exit $status
