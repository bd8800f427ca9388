#!/usr/bin/env bash
# Cluster mode on one machine, with the shipped binaries: redis-server, PostgreSQL, the Kubernetes API server
# SIMULATOR (tests/LetsCode.Kubernetes.Simulator: not Kubernetes; its pods exec the local letscode-runner, sandboxed
# with bubblewrap, where a cluster would use gVisor pods), `letscode-operator run` and `letscode-server` with
# Mode=Cluster on http://127.0.0.1:${API_PORT:-8080}. Everything lives in one temporary directory and stops on Ctrl+C.
# Run it with `make cluster-local` (which builds first). Ports: API_PORT, K8S_PORT, REDIS_PORT, PG_PORT.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

API_PORT=${API_PORT:-8080}
K8S_PORT=${K8S_PORT:-16443}
REDIS_PORT=${REDIS_PORT:-16379}
PG_PORT=${PG_PORT:-15432}
CONFIG=${CONFIG:-Release}
NAMESPACE=letscode-sandbox
TOKEN="local-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"

simulator="tests/LetsCode.Kubernetes.Simulator/bin/$CONFIG/net10.0/LetsCode.Kubernetes.Simulator.dll"
for built in artifacts/letscode-runner artifacts/letscode-operator artifacts/letscode-server "$simulator"; do
  [[ -e "$built" ]] || { echo "error: $built is missing; run 'make build' (or 'make cluster-local')" >&2; exit 1; }
done
pgbin="/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -n 1)/bin"
[[ -x "$pgbin/postgres" ]] || { echo "error: no PostgreSQL under /usr/lib/postgresql (run scripts/setup.sh)" >&2; exit 1; }
kubectl=/usr/bin/kubectl
[[ -x .tools/bin/kubectl ]] && kubectl=.tools/bin/kubectl

work="$(mktemp -d /tmp/letscode-cluster.XXXXXX)"
chmod 755 "$work"
pids=()
cleanup() {
  trap - EXIT INT TERM
  echo "stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# start NAME COMMAND...: in the background, output to $work/NAME.log.
start() {
  local name=$1; shift
  "$@" >"$work/$name.log" 2>&1 &
  pids+=("$!")
}

# wait_for WHAT LOG COMMAND...: until COMMAND succeeds (60 s), else the log's tail and exit.
wait_for() {
  local what=$1 log=$2; shift 2
  for _ in $(seq 600); do
    if "$@" >/dev/null 2>&1; then echo "  $what: up"; return 0; fi
    sleep 0.1
  done
  echo "error: $what did not come up; last lines of $log:" >&2
  tail -n 30 "$log" >&2
  exit 1
}

echo "LetsCode cluster mode on this machine (working directory $work)"

start redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$work"
wait_for redis "$work/redis.log" redis-cli -p "$REDIS_PORT" ping

# PostgreSQL refuses to run as root: as root, initdb and the server run as the postgres system user.
as_postgres=()
if [[ $(id -u) -eq 0 ]]; then as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups); fi
mkdir -p "$work/pg" "$work/pgsock"
[[ ${#as_postgres[@]} -eq 0 ]] || chown postgres:postgres "$work/pg" "$work/pgsock"
"${as_postgres[@]}" "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 >"$work/initdb.log" 2>&1
start postgres "${as_postgres[@]}" "$pgbin/postgres" -D "$work/pg" -p "$PG_PORT" -k "$work/pgsock" \
  -c listen_addresses=127.0.0.1 -c fsync=off
wait_for postgresql "$work/postgres.log" "$pgbin/pg_isready" -h 127.0.0.1 -p "$PG_PORT"
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE letscode" >/dev/null

start simulator dotnet "$simulator" --port "$K8S_PORT" --kubeconfig "$work/kubeconfig" --runner artifacts/letscode-runner
wait_for "API server simulator" "$work/simulator.log" "$kubectl" --kubeconfig "$work/kubeconfig" get namespaces
"$kubectl" --kubeconfig "$work/kubeconfig" apply -f crds/submission.yaml -f crds/warmpool.yaml >/dev/null
wait_for "custom resources" "$work/simulator.log" "$kubectl" --kubeconfig "$work/kubeconfig" get warmpools -A
printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$NAMESPACE" | "$kubectl" --kubeconfig "$work/kubeconfig" apply -f - >/dev/null
"$kubectl" --kubeconfig "$work/kubeconfig" apply -f crds/samples/warmpool-python3.yaml -f crds/samples/warmpool-cpp.yaml >/dev/null

LETSCODE_INTERNAL_TOKEN="$TOKEN" start operator artifacts/letscode-operator run --kubeconfig "$work/kubeconfig" \
  --namespace="$NAMESPACE" --leader-elect=false --test-suite-endpoint "http://127.0.0.1:$API_PORT"

Mode=Cluster Urls="http://127.0.0.1:$API_PORT" KUBECONFIG="$work/kubeconfig" Cluster__Namespace="$NAMESPACE" \
  ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=letscode" \
  ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" Database__ApplyMigrations=true Internal__Token="$TOKEN" \
  LetsCode__DataDirectory="$work/api" start api artifacts/letscode-server
wait_for "letscode-server (cluster mode)" "$work/api.log" curl -sf "http://127.0.0.1:$API_PORT/readyz"

cat <<EOF

Ready. The API: http://127.0.0.1:$API_PORT (languages: the WarmPools python3 and cpp)
  curl -s -X POST 'http://127.0.0.1:$API_PORT/api/submit?wait=true' -H 'Content-Type: application/json' \\
    -d '{"code": "a, b = map(int, input().split())\\nprint(a + b)\\n", "language": "python3", "problemId": "a-plus-b", "userId": "alice"}'
The simulated cluster:
  $kubectl --kubeconfig $work/kubeconfig -n $NAMESPACE get warmpools,submissions,pods
Logs: $work/{api,operator,simulator,redis,postgres}.log
Ctrl+C stops everything and removes $work.
EOF
wait -n "${pids[@]}"
echo "a component exited; see its log above" >&2
for name in api operator simulator; do echo "--- $name.log"; tail -n 15 "$work/$name.log"; done >&2
exit 1
