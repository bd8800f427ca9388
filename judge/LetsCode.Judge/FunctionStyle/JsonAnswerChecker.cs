using System.Globalization;
using LetsCode.Judge.Model;

namespace LetsCode.Judge.FunctionStyle;

/// <summary>
/// The checker for function-style problems: a small python3 program, run by the judge as a custom checker
/// (<c>checker input output answer</c>, exit 0 = accepted, 1 = wrong answer), that compares the program's JSON with
/// the expected JSON as values: numbers with a tolerance (1 equals 1.0), booleans never equal to numbers, and
/// optionally a top-level array in any order. Pure code generation.
/// </summary>
public static class JsonAnswerChecker
{
    public const string Language = "python3";

    public static CheckerSpec For(FunctionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new CheckerSpec { Kind = CheckerSpec.Custom, Language = Language, Source = Source(spec) };
    }

    public static string Source(FunctionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var tolerance = spec.FloatTolerance.ToString("R", CultureInfo.InvariantCulture);
        var unordered = spec.UnorderedResult ? "True" : "False";
        return $$"""
            import json, math, sys

            TOL = {{tolerance}}
            UNORDERED = {{unordered}}

            def same(a, b):
                if isinstance(a, bool) or isinstance(b, bool):
                    return isinstance(a, bool) and isinstance(b, bool) and a == b
                if isinstance(a, (int, float)) and isinstance(b, (int, float)):
                    if isinstance(a, int) and isinstance(b, int):
                        return a == b
                    if math.isnan(a) or math.isnan(b):
                        return False
                    return abs(a - b) <= TOL * max(1.0, abs(b))
                if isinstance(a, list) and isinstance(b, list):
                    return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
                if isinstance(a, dict) and isinstance(b, dict):
                    return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
                return type(a) == type(b) and a == b

            def key(v):
                return json.dumps(v, sort_keys=True)

            def main():
                with open(sys.argv[3], encoding="utf-8") as f:
                    expected = json.load(f)
                with open(sys.argv[2], encoding="utf-8", errors="replace") as f:
                    text = f.read()
                try:
                    got = json.loads(text)
                except ValueError:
                    print("output is not JSON: " + text[:200])
                    sys.exit(1)
                if UNORDERED and isinstance(got, list) and isinstance(expected, list):
                    got = sorted(got, key=key)
                    expected = sorted(expected, key=key)
                if same(got, expected):
                    print("ok")
                    sys.exit(0)
                print("expected " + key(expected)[:200] + ", got " + key(got)[:200])
                sys.exit(1)

            main()

            """;
    }
}
