namespace LetsCode.Judge.Tests.Verdicts;

/// <summary>
/// One program per language that misbehaves on request: the first word of stdin picks the behaviour, so each
/// language compiles once and one job covers every verdict. Plus a source that does not compile.
/// </summary>
internal static class VerdictPrograms
{
    /// <summary>Test name (= mode), input, and the verdict it must get.</summary>
    public static readonly (string Mode, string Input, string Expected, LetsCode.Judge.Model.Verdict Verdict)[] Cases =
    [
        ("sum", "sum 2 40\n", "42\n", LetsCode.Judge.Model.Verdict.Accepted),
        ("wrong", "wrong\n", "42\n", LetsCode.Judge.Model.Verdict.WrongAnswer),
        ("loop", "loop\n", "", LetsCode.Judge.Model.Verdict.TimeLimitExceeded),
        ("sleep", "sleep\n", "", LetsCode.Judge.Model.Verdict.TimeLimitExceeded),
        ("hog", "hog\n", "", LetsCode.Judge.Model.Verdict.MemoryLimitExceeded),
        ("crash", "crash\n", "", LetsCode.Judge.Model.Verdict.RuntimeError),
        ("flood", "flood\n", "", LetsCode.Judge.Model.Verdict.OutputLimitExceeded),
    ];

    public static string Source(string language) => language switch
    {
        "c" => """
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <unistd.h>
            int main(void) {
                char mode[16] = {0};
                if (scanf("%15s", mode) != 1) return 2;
                if (!strcmp(mode, "sum")) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 2; printf("%ld\n", a + b); return 0; }
                if (!strcmp(mode, "wrong")) { puts("-1"); return 0; }
                if (!strcmp(mode, "loop")) { volatile unsigned long x = 0; for (;;) x++; }
                if (!strcmp(mode, "sleep")) { sleep(30); return 0; }
                if (!strcmp(mode, "hog")) { for (;;) { char *p = malloc(1 << 20); if (!p) return 3; memset(p, 1, 1 << 20); } }
                if (!strcmp(mode, "crash")) { volatile int *p = NULL; *p = 1; return 0; }
                if (!strcmp(mode, "flood")) { for (;;) puts("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"); }
                return 2;
            }
            """,
        "cpp" => """
            #include <cstring>
            #include <iostream>
            #include <string>
            #include <thread>
            #include <vector>
            int main() {
                std::string mode;
                std::cin >> mode;
                if (mode == "sum") { long a, b; std::cin >> a >> b; std::cout << a + b << "\n"; return 0; }
                if (mode == "wrong") { std::cout << -1 << "\n"; return 0; }
                if (mode == "loop") { volatile unsigned long x = 0; for (;;) x++; }
                if (mode == "sleep") { std::this_thread::sleep_for(std::chrono::seconds(30)); return 0; }
                if (mode == "hog") { std::vector<char*> v; for (;;) { char *p = new char[1 << 20]; std::memset(p, 1, 1 << 20); v.push_back(p); } }
                if (mode == "crash") { volatile int *p = nullptr; *p = 1; return 0; }
                if (mode == "flood") { for (;;) std::cout << "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"; }
                return 2;
            }
            """,
        "java" => """
            import java.io.*;
            import java.util.*;

            public class Main {
                public static void main(String[] args) throws Exception {
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
                    StringTokenizer t = new StringTokenizer(in.readLine());
                    switch (t.nextToken()) {
                        case "sum": System.out.println(Long.parseLong(t.nextToken()) + Long.parseLong(t.nextToken())); break;
                        case "wrong": System.out.println(-1); break;
                        case "loop": { long x = 0; while (true) { x++; if (x == Long.MIN_VALUE) System.out.println(x); } }
                        case "sleep": Thread.sleep(30000); break;
                        case "hog": { List<long[]> l = new ArrayList<>(); while (true) { long[] a = new long[1 << 17]; Arrays.fill(a, 1); l.add(a); } }
                        case "crash": throw new IllegalStateException("crash on purpose");
                        case "flood": { while (true) System.out.println("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"); }
                        default: System.exit(2);
                    }
                }
            }
            """,
        "rust" => """
            use std::io::{Read, Write};

            fn main() {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s).unwrap();
                let p: Vec<&str> = s.split_whitespace().collect();
                match p[0] {
                    "sum" => { let a: i64 = p[1].parse().unwrap(); let b: i64 = p[2].parse().unwrap(); println!("{}", a + b); }
                    "wrong" => println!("-1"),
                    "loop" => { let mut x: u64 = 0; loop { unsafe { std::ptr::write_volatile(&mut x, x.wrapping_add(1)); } } }
                    "sleep" => std::thread::sleep(std::time::Duration::from_secs(30)),
                    "hog" => { let mut v: Vec<Vec<u8>> = Vec::new(); loop { v.push(vec![1u8; 1 << 20]); } }
                    "crash" => panic!("crash on purpose"),
                    "flood" => { let out = std::io::stdout(); let mut o = out.lock(); loop { if writeln!(o, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx").is_err() { std::process::exit(1); } } }
                    _ => std::process::exit(2),
                }
            }
            """,
        "python3" => """
            import sys, time
            p = sys.stdin.read().split()
            mode = p[0]
            if mode == "sum":
                print(int(p[1]) + int(p[2]))
            elif mode == "wrong":
                print(-1)
            elif mode == "loop":
                while True:
                    pass
            elif mode == "sleep":
                time.sleep(30)
            elif mode == "hog":
                a = []
                while True:
                    a.append("x" * (1 << 20))
            elif mode == "crash":
                raise RuntimeError("crash on purpose")
            elif mode == "flood":
                while True:
                    print("x" * 39)
            """,
        "javascript" => """
            const p = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
            switch (p[0]) {
              case "sum": console.log(Number(p[1]) + Number(p[2])); break;
              case "wrong": console.log(-1); break;
              case "loop": for (;;) {}
              case "sleep": setTimeout(() => {}, 30000); break;
              case "hog": { const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1)); }
              case "crash": throw new Error("crash on purpose");
              case "flood": { const line = "x".repeat(39) + "\n"; for (;;) process.stdout.write(line); }
            }
            """,
        "bash" => """
            read -r mode a b
            case "$mode" in
              sum) echo $((a + b)) ;;
              wrong) echo -1 ;;
              loop) while :; do :; done ;;
              sleep) sleep 30 ;;
              hog) s=x; while :; do s="$s$s"; done ;;
              crash) exit 3 ;;
              flood) while :; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done ;;
            esac
            """,
        "pascal" => """
            program main;
            uses sysutils;
            var
              s, mode, rest: string;
              a, b: int64;
              sp: longint;
              x: qword;
              p: pbyte;
              q: plongint;
            begin
              readln(s);
              sp := pos(' ', s + ' ');
              mode := copy(s, 1, sp - 1);
              rest := copy(s, sp + 1, length(s));
              if mode = 'sum' then
              begin
                sp := pos(' ', rest);
                a := strtoint64(copy(rest, 1, sp - 1));
                b := strtoint64(copy(rest, sp + 1, length(rest)));
                writeln(a + b);
              end
              else if mode = 'wrong' then writeln(-1)
              else if mode = 'loop' then begin x := 0; while true do x := x + 1; end
              else if mode = 'sleep' then sleep(30000)
              else if mode = 'hog' then while true do begin getmem(p, 1 shl 20); fillchar(p^, 1 shl 20, 1); end
              else if mode = 'crash' then begin q := nil; q^ := 1; end
              else if mode = 'flood' then while true do writeln('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')
              else halt(2);
            end.
            """,
        _ => throw new ArgumentException(language),
    };

    /// <summary>Source with a syntax error: CompilationError in every language (interpreted ones have a syntax check).</summary>
    public static string Broken(string language) => language switch
    {
        "c" => "int main( { return 0; }\n",
        "cpp" => "int main() { return undeclared_name; }\n",
        "java" => "public class Main { public static void main(String[] a) { int x = \"s\"; } }\n",
        "rust" => "fn main() { let x: i32 = \"s\"; }\n",
        "python3" => "def f(:\n    pass\n",
        "javascript" => "function (\n",
        "bash" => "if then fi\n",
        "pascal" => "program main;\nbegin\n  x := ;\nend.\n",
        _ => throw new ArgumentException(language),
    };

    /// <summary>What the syntax error's message contains.</summary>
    public static string BrokenMessage(string language) => language switch
    {
        "c" => "error",
        "cpp" => "undeclared_name",
        "java" => "incompatible types",
        "rust" => "mismatched types",
        "python3" => "SyntaxError",
        "javascript" => "SyntaxError",
        "bash" => "syntax error",
        "pascal" => "Error",
        _ => throw new ArgumentException(language),
    };
}
