#!/usr/bin/env bash
# Syscall census of every toolchain for the seccomp allow-lists in seccomp/ (docs/sandbox.md, "seccomp").
#
#   scripts/seccomp-census.sh OUTDIR [FILTER_DIR]      (as root, after `dotnet build -c Release`)
#
# Each case compiles (where the language compiles) and runs a representative program under `strace -f`, inside
# bubblewrap with the judge's namespaces, binds, uid 65534, rlimits, init shell and the family's compiled filter (no
# cgroup: limits are not the point here). FILTER_DIR holds <family>-*.bpf files; by default the built runner compiles the
# embedded profiles (`letscode-runner doctor`). The "pod-*" cases run the runner itself in pod mode under the
# family's filter, as a sandbox pod's Localhost profile does (runner, compiler and program under one profile).
#
# Output: OUTDIR/<case>.trace (strace), and per family on stdout: every syscall the sandboxed processes made (the
# census), then every call the filter refused (ENOSYS is the default action; EPERM and EAFNOSUPPORT come from the
# rules) and any run that did not end as expected. Only the processes below the filter are counted (bwrap's own
# setup before it loads the filter is not).
set -euo pipefail

if [[ $# -lt 1 || $(id -u) -ne 0 ]]; then
    echo "usage (as root): $0 OUTDIR [FILTER_DIR]" >&2
    exit 1
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
runner_dir="$repo/judge/LetsCode.Runner/bin/Release/net10.0"
for tool in /usr/bin/strace /usr/bin/bwrap /usr/bin/setpriv; do
    [[ -x $tool ]] || { echo "$tool is missing (apt-get install strace bubblewrap util-linux)" >&2; exit 1; }
done
filters=${2:-}
if [[ -z $filters ]]; then
    "$runner_dir/letscode-runner" doctor --work-root "$out/doctor" > "$out/doctor.json"
    filters="$out/doctor/sandbox/seccomp"
fi

java_home=/usr/lib/jvm/java-17-openjdk-amd64
fpc=/usr/lib/x86_64-linux-gnu/fpc/3.2.2/ppcx64
base_env=(PATH=/usr/bin:/bin HOME=/tmp TMPDIR=/tmp LANG=C.UTF-8 LC_ALL=C.UTF-8)
input=$'3\n1\n2\n3\n'
open_files=64 # the judge's default RLIMIT_NOFILE for programs

# run CASE FAMILY WRITABLE(0|1) "RO_PATHS" "ENV" COMMAND... : one sandboxed command under strace.
run() {
    local name=$1 family=$2 writable=$3 ro=$4 env=$5
    shift 5
    local box="$out/box-$current" filter
    filter=$(ls "$filters/$family"-*.bpf 2>/dev/null | head -n 1 || true)
    [[ -n $filter ]] || filter="$filters/$family.bpf"
    [[ -f $filter ]] || { echo "no filter for $family in $filters" >&2; exit 1; }
    local args=(--unshare-all --unshare-user --disable-userns --die-with-parent --new-session --as-pid-1
        --cap-drop ALL --uid 65534 --gid 65534 --hostname letscode --ro-bind /usr /usr)
    local link
    for link in bin lib lib64 sbin; do
        if [[ -L /$link ]]; then args+=(--symlink "$(readlink /$link)" "/$link"); elif [[ -d /$link ]]; then args+=(--ro-bind "/$link" "/$link"); fi
    done
    args+=(--ro-bind-try /etc/alternatives /etc/alternatives --ro-bind-try /etc/ld.so.cache /etc/ld.so.cache)
    local path
    for path in $ro; do args+=(--ro-bind "$path" "$path"); done
    args+=($([[ $writable == 1 ]] && echo --bind || echo --ro-bind) "$box" /box --chdir /box
        --proc /proc --dev /dev --perms 1777 --size $((1024 << 20)) --tmpfs /tmp
        --perms 1777 --size $((64 << 20)) --tmpfs /dev/shm --remount-ro /dev --remount-ro / --clearenv)
    local pair
    for pair in "${base_env[@]}" $env; do args+=(--setenv "${pair%%=*}" "${pair#*=}"); done
    # As in the judge, a shell is the namespace's pid 1 and the program its child (pid 1 would not die of SIGSEGV).
    args+=(--seccomp 3 -- /bin/sh -c '"$@"; exit $?' sh "$@")
    local status=0
    (
        ulimit -c 0 -s $((256 * 1024)) -n "$open_files"
        printf '%s' "$input" | strace -f -qq -s 64 -o "$out/$name.trace" \
            /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs -- /usr/bin/bwrap "${args[@]}" \
            3< "$filter" > "$out/$name.stdout" 2> "$out/$name.stderr"
    ) || status=$?
    echo "$family $name $status" >> "$out/cases"
}

# box NAME FILE: a fresh box holding FILE (from stdin), readable and writable by the sandbox uid; the next runs use it.
current=
box() {
    current=$1
    local dir="$out/box-$1"
    rm -rf "$dir" && mkdir -p "$dir"
    cat > "$dir/$2"
    chown -R 65534:65534 "$dir"
}

rm -f "$out/cases" "$out"/*.trace

# --- C, C++, Rust, Pascal (native): compiler, then programs -----------------------------------------------------
box c main.c <<'EOF'
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static void *work(void *p) { long *n = p; for (long i = 0; i < 1000000; i++) *n += i; return 0; }
static long deep(long n) { volatile char pad[256]; pad[0] = (char)n; return n > 100000000 ? 0 : deep(n + 1) + pad[0]; }
int main(int argc, char **argv) {
    if (argc > 1) return (int)deep(0);                 /* stack overflow: SIGSEGV */
    long a = 0, b = 0, sum = 0, n; int count;
    if (scanf("%d", &count) != 1) return 1;
    while (count-- > 0 && scanf("%ld", &n) == 1) sum += n;
    pthread_t t; pthread_create(&t, 0, work, &a); work(&b); pthread_join(t, 0);
    size_t size = 300u << 20; char *big = malloc(size); memset(big, 1, size);
    struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
    FILE *f = fopen("/tmp/scratch", "w"); fputs("x", f); fclose(f);
    printf("hello %ld %ld %d %.3f\n", sum, a + b, big[size - 1], sqrt(2.0));
    free(big);
    return 0;
}
EOF
run c-compile native 1 "" "" /usr/bin/gcc -O2 -std=c17 -pipe -o main main.c -lm -pthread
run c-run native 0 "" "" ./main
run c-overflow native 0 "" "" ./main overflow

box cpp main.cpp <<'EOF'
#include <bits/stdc++.h>
using namespace std;
static long deep(long n) { volatile char pad[256]; pad[0] = (char)n; return n > 100000000 ? 0 : deep(n + 1) + pad[0]; }
int main(int argc, char **argv) {
    if (argc > 1 && string(argv[1]) == "overflow") return (int)deep(0);
    if (argc > 1) throw runtime_error("uncaught");   // std::terminate, abort
    ios::sync_with_stdio(false);
    int count; cin >> count; vector<long> v(count); for (auto &x : v) cin >> x;
    long sum = accumulate(v.begin(), v.end(), 0L);
    atomic<long> total{0}; vector<thread> threads;
    for (int i = 0; i < 2; i++) threads.emplace_back([&] { for (int j = 0; j < 1000000; j++) total += j; });
    for (auto &t : threads) t.join();
    vector<int> big(80 << 20, 1); unordered_map<int, int> m; for (int i = 0; i < 100000; i++) m[i] = i;
    try { throw invalid_argument("caught"); } catch (const exception &e) { cout << e.what() << ' '; }
    auto start = chrono::steady_clock::now();
    sort(big.begin(), big.end());
    cout << "hello " << sum << ' ' << total << ' ' << big.back() << ' ' << m.size() << ' '
         << (chrono::steady_clock::now() >= start) << '\n';
}
EOF
run cpp-compile native 1 "" "" /usr/bin/g++ -O2 -std=c++20 -pipe -o main main.cpp
run cpp-run native 0 "" "" ./main
run cpp-uncaught native 0 "" "" ./main uncaught
run cpp-overflow native 0 "" "" ./main overflow

box rust main.rs <<'EOF'
use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
fn deep(n: u64) -> u64 { let pad = [n as u8; 256]; if n > 100_000_000 { 0 } else { deep(n + 1) + unsafe { std::ptr::read_volatile(&pad[0]) } as u64 } }
fn main() {
    let arg = std::env::args().nth(1);
    if arg.as_deref() == Some("overflow") { println!("{}", deep(0)); return; }
    if arg.as_deref() == Some("panic") { panic!("uncaught"); }
    let mut s = String::new(); io::stdin().read_to_string(&mut s).unwrap();
    let nums: Vec<i64> = s.split_whitespace().skip(1).map(|x| x.parse().unwrap()).collect();
    let total = Arc::new(AtomicU64::new(0));
    let handles: Vec<_> = (0..2).map(|_| { let t = total.clone(); std::thread::spawn(move || for j in 0..1_000_000u64 { t.fetch_add(j, Ordering::Relaxed); }) }).collect();
    for h in handles { h.join().unwrap(); }
    let big = vec![1u8; 300 << 20];
    let caught = std::panic::catch_unwind(|| panic!("caught")).is_err();
    let now = std::time::Instant::now();
    std::fs::write("/tmp/scratch", "x").unwrap();
    writeln!(io::stdout(), "hello {} {} {} {} {:?}", nums.iter().sum::<i64>(), total.load(Ordering::Relaxed), big[big.len() - 1], caught, now.elapsed() < std::time::Duration::from_secs(60)).unwrap();
}
EOF
run rust-compile native 1 "" "" /usr/bin/rustc --edition 2021 -O -C linker=/usr/bin/gcc -o main main.rs
run rust-run native 0 "" "" ./main
run rust-panic native 0 "" "" ./main panic
run rust-overflow native 0 "" "" ./main overflow

if [[ -x $fpc ]]; then
    box pascal main.pas <<'EOF'
program Main;
{$mode objfpc}
uses SysUtils;
type TBig = array of LongInt;
function Deep(n: Int64): Int64; var pad: array[0..255] of Byte; begin pad[0] := n and 255; if n > 100000000 then Deep := 0 else Deep := Deep(n + 1) + pad[0]; end;
var count, i: LongInt; x, sum: Int64; big: TBig;
begin
  if ParamCount > 0 then begin WriteLn(Deep(0)); Halt(0); end;
  ReadLn(count); sum := 0;
  for i := 1 to count do begin ReadLn(x); sum := sum + x; end;
  SetLength(big, 80 shl 20); big[High(big)] := 1;
  try raise Exception.Create('caught'); except on e: Exception do Write(e.Message, ' '); end;
  WriteLn('hello ', sum, ' ', big[High(big)], ' ', FormatDateTime('yyyy', Now) <> '');
end.
EOF
    run pascal-compile native 1 "/etc/fpc-3.2.2.cfg" "" "$fpc" -n @/etc/fpc-3.2.2.cfg -O2 -Xs -omain main.pas
    run pascal-run native 0 "" "" ./main
    run pascal-overflow native 0 "" "" ./main overflow
fi

# --- Java (jvm) ---------------------------------------------------------------------------------------------------
box java Main.java <<'EOF'
import java.util.*;
import java.util.concurrent.atomic.AtomicLong;
public class Main {
    static long deep(long n) { return n > 100_000_000 ? 0 : deep(n + 1) + 1; }
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("uncaught")) throw new IllegalStateException("uncaught");
        if (args.length > 0 && args[0].equals("oom")) { List<long[]> hog = new ArrayList<>(); while (true) hog.add(new long[1 << 20]); }
        Scanner in = new Scanner(System.in);
        int count = in.nextInt(); long sum = 0; for (int i = 0; i < count; i++) sum += in.nextLong();
        AtomicLong total = new AtomicLong();
        Thread[] threads = new Thread[2];
        for (int i = 0; i < 2; i++) { threads[i] = new Thread(() -> { for (int j = 0; j < 1_000_000; j++) total.addAndGet(j); }); threads[i].start(); }
        for (Thread t : threads) t.join();
        long garbage = 0; for (int i = 0; i < 200; i++) { int[] block = new int[1 << 18]; garbage += block.length; } // several young GCs
        System.gc();
        int[] big = new int[50 << 20]; big[big.length - 1] = 1;
        String overflow; try { deep(0); overflow = "no"; } catch (StackOverflowError e) { overflow = "so"; }
        String caught; try { throw new IllegalArgumentException("caught"); } catch (IllegalArgumentException e) { caught = e.getMessage(); }
        Map<Integer, Integer> m = new HashMap<>(); for (int i = 0; i < 100000; i++) m.put(i, i);
        System.out.println("hello " + sum + " " + total.get() + " " + garbage + " " + big[big.length - 1] + " " + overflow + " " + caught + " " + m.size() + " " + (System.nanoTime() > 0));
    }
}
EOF
java_ro="$java_home /etc/java-17-openjdk"
run java-compile jvm 1 "$java_ro" "JAVA_HOME=$java_home" "$java_home/bin/javac" -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 \
    -J-XX:ActiveProcessorCount=1 -J-Xss16m -J-XX:-UsePerfData -encoding UTF-8 -d . Main.java
java=("$java_home/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ActiveProcessorCount=1 -XX:-UsePerfData -Xss64m -Xmx512m -cp . Main)
run java-run jvm 0 "$java_ro" "JAVA_HOME=$java_home" "${java[@]}"
run java-uncaught jvm 0 "$java_ro" "JAVA_HOME=$java_home" "${java[@]}" uncaught
run java-oom jvm 0 "$java_ro" "JAVA_HOME=$java_home" "${java[@]/-Xmx512m/-Xmx64m}" oom

# --- JavaScript (Node) ---------------------------------------------------------------------------------------------
box javascript main.js <<'EOF'
const { Worker, isMainThread, parentPort } = require('worker_threads');
if (!isMainThread) { let t = 0; for (let j = 0; j < 1e6; j++) t += j; parentPort.postMessage(t); return; }
const arg = process.argv[2];
if (arg === 'uncaught') throw new Error('uncaught');
if (arg === 'oom') { const hog = []; for (;;) hog.push(new Array(1e6).fill(1.5)); }
const nums = require('fs').readFileSync(0, 'utf8').trim().split(/\s+/).slice(1).map(Number);
function deep(n) { return deep(n + 1) + 1; }
let overflow; try { deep(0); } catch (e) { overflow = e instanceof RangeError; }
let caught; try { throw new TypeError('caught'); } catch (e) { caught = e.message; }
const big = new Float64Array(30 << 20).fill(1); const m = new Map(); for (let i = 0; i < 100000; i++) m.set(i, i);
const worker = new Worker(__filename);
worker.on('message', (t) => {
  setTimeout(() => Promise.resolve().then(() => {
    require('fs').writeFileSync('/tmp/scratch', 'x');
    console.log('hello', nums.reduce((a, b) => a + b, 0), t, big[big.length - 1], overflow, caught, m.size, process.hrtime.bigint() > 0n);
  }), 1);
});
EOF
node=(/usr/bin/node --max-old-space-size=512 --stack-size=65500 --v8-pool-size=1 main.js)
run node-run javascript 0 "" "UV_THREADPOOL_SIZE=1 NODE_DISABLE_COLORS=1" "${node[@]}"
run node-uncaught javascript 0 "" "UV_THREADPOOL_SIZE=1 NODE_DISABLE_COLORS=1" "${node[@]}" uncaught
run node-oom javascript 0 "" "UV_THREADPOOL_SIZE=1 NODE_DISABLE_COLORS=1" "${node[@]/--max-old-space-size=512/--max-old-space-size=64}" oom

# --- Python --------------------------------------------------------------------------------------------------------
box python main.py <<'EOF'
import sys, threading, time, collections, heapq, math, re, json, functools, itertools, random, decimal, fractions
if len(sys.argv) > 1 and sys.argv[1] == "uncaught": raise ValueError("uncaught")
data = sys.stdin.read().split(); nums = list(map(int, data[1:]))
total = [0]
def work():
    t = 0
    for j in range(200000): t += j
    total[0] += t
threads = [threading.Thread(target=work) for _ in range(2)]
for t in threads: t.start()
for t in threads: t.join()
big = [1] * (30 << 20)
def deep(n): return deep(n + 1) + 1
try: deep(0)
except RecursionError: overflow = True
try: raise KeyError("caught")
except KeyError as e: caught = str(e)
open("/tmp/scratch", "w").write("x")
print("hello", sum(nums), total[0], big[-1], overflow, caught, time.monotonic() > 0, random.random() < 1, math.isqrt(17))
EOF
python=(/usr/bin/python3 -B main.py)
run python-run python 0 "" "PYTHONDONTWRITEBYTECODE=1 PYTHONIOENCODING=utf-8" "${python[@]}"
run python-uncaught python 0 "" "PYTHONDONTWRITEBYTECODE=1 PYTHONIOENCODING=utf-8" "${python[@]}" uncaught

# --- Bash ----------------------------------------------------------------------------------------------------------
box bash main.sh <<'EOF'
read -r count; sum=0
for ((i = 0; i < count; i++)); do read -r x; sum=$((sum + x)); done
words=$(printf 'b\na\nb\nc\n' | sort | uniq -c | wc -l)
( sleep 0.01; echo sub > /tmp/scratch ) & wait
lines=$(seq 1 1000 | grep -c 1 | tr -d ' ')
upper=$(echo hello | tr a-z A-Z | sed 's/H/h/' | cut -c1-5 | head -n 1)
last=$(cat /tmp/scratch; date +%s > /dev/null; expr 1 + 1 > /dev/null; awk 'BEGIN { print 1 }' 2>/dev/null || true)
declare -A map=([a]=1); arr=(3 1 2)
echo "$upper $sum $words $lines $last ${map[a]} ${#arr[@]}"
EOF
run bash-run bash 0 "" "" /usr/bin/bash main.sh

# --- Pod mode: the runner itself under each family's filter (what a sandbox pod's Localhost profile must allow) ----
if [[ -x $runner_dir/letscode-runner ]]; then
    pod_job() { # LANGUAGE SOURCE -> job JSON on stdout
        python3 -c 'import json,sys; print(json.dumps({"language": sys.argv[1], "source": sys.argv[2], "tests": [{"input": "3\n1\n2\n3\n", "expectedOutput": "6\n"}]}))' "$1" "$2"
    }
    pod() { # FAMILY LANGUAGE RO ENV SOURCE
        local name="pod-$2"
        pod_job "$2" "$5" | box "$name" job.json
        local saved=$input
        input=$(cat "$out/box-$name/job.json")
        open_files=4096 # a pod has no such limit; the .NET runner opens more than a judged program may
        run "$name" "$1" 1 "$runner_dir $3" "DOTNET_ROOT=/usr/share/dotnet DOTNET_CLI_TELEMETRY_OPTOUT=1 $4" \
            "$runner_dir/letscode-runner" judge --sandbox pod --work-root /tmp/work --cache-root /tmp/cache
        input=$saved
        open_files=64
    }
    pod native c '' '' '#include <stdio.h>
int main(void){int n;long s=0,x;scanf("%d",&n);while(n--&&scanf("%ld",&x)==1)s+=x;printf("%ld\n",s);return 0;}'
    pod native rust '' '' 'use std::io::Read; fn main(){let mut s=String::new();std::io::stdin().read_to_string(&mut s).unwrap();let v:i64=s.split_whitespace().skip(1).map(|x|x.parse::<i64>().unwrap()).sum();println!("{}",v);}'
    pod jvm java "$java_home /etc/java-17-openjdk" "JAVA_HOME=$java_home" 'import java.util.*; public class Main { public static void main(String[] a) { Scanner s = new Scanner(System.in); int n = s.nextInt(); long t = 0; for (int i = 0; i < n; i++) t += s.nextLong(); System.out.println(t); } }'
    pod javascript javascript '' '' 'const v = require("fs").readFileSync(0, "utf8").trim().split(/\s+/).slice(1).map(Number); console.log(v.reduce((a, b) => a + b, 0));'
    pod python python3 '' '' 'import sys; print(sum(map(int, sys.stdin.read().split()[1:])))'
    pod bash bash '' '' 'read -r n; s=0; for ((i=0;i<n;i++)); do read -r x; s=$((s+x)); done; echo $s'
fi

# --- Report -----------------------------------------------------------------------------------------------------
python3 - "$out" <<'EOF'
import collections, os, re, sys
out = sys.argv[1]
call_re = re.compile(r'^(\d+)\s+(?:<\.\.\. (\w+) resumed>|(\w+)\()')
ret_re = re.compile(r'\) += (\?|-?\d+|0x[0-9a-f]+)(?: (E[A-Z0-9]+))?')
used = collections.defaultdict(collections.Counter)
refused = collections.defaultdict(collections.Counter)
cases = [l.split() for l in open(os.path.join(out, "cases"))]
for family, name, status in cases:
    filtered, before = set(), set()
    for line in open(os.path.join(out, name + ".trace"), errors="replace"):
        pid = int(line.split(None, 1)[0])
        if filtered and pid not in filtered and pid not in before:
            filtered.add(pid)  # a new process after the filter was loaded: a descendant of the sandboxed command
        if not filtered:
            before.add(pid)
        if pid in filtered and "killed by SIGSYS" in line:
            refused[family][("killed by SIGSYS", name)] += 1
        m = call_re.match(line)
        if not m or "<unfinished" in line:
            continue  # a call is counted once, on the line that has its result
        call = m.group(2) or m.group(3)
        if pid not in filtered:
            if call in ("prctl", "seccomp") and ("PR_SET_SECCOMP" in line or "SECCOMP_SET_MODE_FILTER" in line) and line.rstrip().endswith("= 0"):
                filtered.add(pid)  # bwrap loaded the filter; it execs the command next
                before.discard(pid)
            continue
        used[family][call] += 1
        results = ret_re.findall(line)
        if results and results[-1][1] in ("ENOSYS", "EPERM", "EAFNOSUPPORT"):
            refused[family][(f"{call} -> {results[-1][1]}", name)] += 1
for family in sorted(used):
    names = sorted(used[family])
    print(f"== {family}: {len(names)} syscalls")
    print("   " + " ".join(names))
    for (what, name), count in sorted(refused[family].items()):
        print(f"   refused: {what} x{count} ({name})")
print("== exit status per case (expected non-zero: *-overflow, *-uncaught, *-panic, *-oom)")
print("   " + " ".join(f"{name}={status}" for _, name, status in cases))
EOF
