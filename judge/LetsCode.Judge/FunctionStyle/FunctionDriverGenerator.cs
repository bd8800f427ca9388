using System.Text.RegularExpressions;
using LetsCode.Judge.Languages;

namespace LetsCode.Judge.FunctionStyle;

/// <summary>
/// Wraps a user's function in a small program that reads the call's arguments as a JSON array on stdin, calls the
/// function and prints the result as canonical JSON (sorted keys, no spaces) on one line. Pure code generation.
/// </summary>
public static partial class FunctionDriverGenerator
{
    /// <summary>Languages a driver can be generated for.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["python3", "javascript"];

    public static bool Supports(string language) => Languages.Contains(language);

    /// <summary>An entry point is spliced into generated code, so only plain identifiers are accepted.</summary>
    public static bool IsValidEntryPoint(string entryPoint) => IdentifierPattern().IsMatch(entryPoint);

    /// <exception cref="ArgumentException">Unsupported language or an entry point that is not an identifier.</exception>
    public static string Generate(string language, string userSource, FunctionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(userSource);
        ArgumentNullException.ThrowIfNull(spec);
        if (!IsValidEntryPoint(spec.EntryPoint))
        {
            throw new ArgumentException($"entry point '{spec.EntryPoint}' is not an identifier", nameof(spec));
        }

        return language switch
        {
            "python3" => Python(userSource, spec.EntryPoint),
            "javascript" => JavaScript(userSource, spec.EntryPoint),
            _ => throw new ArgumentException($"no function-style driver for language '{language}'", nameof(language)),
        };
    }

    // LeetCode users expect typing names (List, Optional) to be in scope without importing them, and annotations are
    // evaluated when a def runs, so the import must come before the user's code. It stays on one line, marked as
    // generated: the syntax check (Python3.GeneratedLineMarker) reports syntax errors in the user's own line
    // numbers; runtime tracebacks are off by exactly one (they count this line).
    private static string Python(string userSource, string entryPoint) =>
        "from typing import *; import json as __lc_json, sys as __lc_sys  " + Python3.GeneratedLineMarker + "\n" +
        userSource + "\n\n" +
        $$"""
        def __lc_main():
            args = __lc_json.loads(__lc_sys.stdin.read())
            g = globals()
            if "Solution" in g and hasattr(g["Solution"], "{{entryPoint}}"):
                fn = getattr(g["Solution"](), "{{entryPoint}}")
            elif "{{entryPoint}}" in g:
                fn = g["{{entryPoint}}"]
            else:
                __lc_sys.stderr.write("function {{entryPoint}} is not defined\n")
                __lc_sys.exit(1)
            result = fn(*args)
            __lc_sys.stdout.write(__lc_json.dumps(result, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
            __lc_sys.stdout.write("\n")

        __lc_main()

        """;

    // Appended to the user's file, so a top-level `var f = function`, `function f` or `const f =` are all in scope.
    private static string JavaScript(string userSource, string entryPoint) =>
        userSource + "\n;\n" +
        $$"""
        (function __lc_main() {
          const canonical = (v) => {
            if (v === undefined || v === null || typeof v === "function") return "null";
            if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
            if (typeof v === "object") {
              return "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canonical(v[k])).join(",") + "}";
            }
            return JSON.stringify(v);
          };
          let fn;
          if (typeof {{entryPoint}} === "function") fn = {{entryPoint}};
          else if (typeof Solution === "function" && typeof Solution.prototype.{{entryPoint}} === "function") {
            const s = new Solution();
            fn = s.{{entryPoint}}.bind(s);
          } else {
            process.stderr.write("function {{entryPoint}} is not defined\n");
            process.exit(1);
          }
          const args = JSON.parse(require("fs").readFileSync(0, "utf8"));
          process.stdout.write(canonical(fn(...args)) + "\n");
        })();

        """;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex IdentifierPattern();
}
