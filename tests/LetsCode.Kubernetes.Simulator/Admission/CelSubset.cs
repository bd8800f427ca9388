using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Admission;

/// <summary>
/// A small subset of CEL for x-kubernetes-validations rules: field selection on self, has(), size(), int, double,
/// string, bool and null literals, comparisons, !, &amp;&amp;, || and parentheses. A rule outside the subset (or one
/// that mentions oldSelf) is not evaluated: <see cref="TryCompile"/> returns null and the rule is skipped.
/// </summary>
internal sealed class CelSubset
{
    private readonly List<string> _tokens;
    private int _at;

    private CelSubset(List<string> tokens) => _tokens = tokens;

    /// <summary>Compiles a rule into a predicate over self, or null when the rule is outside the subset.</summary>
    public static Func<JsonNode?, bool?>? TryCompile(string rule)
    {
        try
        {
            if (rule.Contains("oldSelf", StringComparison.Ordinal)) return null;
            var parser = new CelSubset(Tokenize(rule));
            var expression = parser.Or();
            if (parser._at != parser._tokens.Count) return null;
            return self =>
            {
                try
                {
                    return expression(self) as bool?;
                }
                catch (InvalidOperationException)
                {
                    return null; // an evaluation error (no such key, type mismatch): not judged here
                }
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private Func<JsonNode?, object?> Or()
    {
        var left = And();
        while (Accept("||"))
        {
            var (l, r) = (left, And());
            left = self => Bool(l(self)) || Bool(r(self));
        }

        return left;
    }

    private Func<JsonNode?, object?> And()
    {
        var left = Relation();
        while (Accept("&&"))
        {
            var (l, r) = (left, Relation());
            left = self => Bool(l(self)) && Bool(r(self));
        }

        return left;
    }

    private Func<JsonNode?, object?> Relation()
    {
        var left = Unary();
        foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
        {
            if (!Accept(op)) continue;
            var right = Unary();
            return self => Compare(op, left(self), right(self));
        }

        return left;
    }

    private Func<JsonNode?, object?> Unary()
    {
        if (Accept("!"))
        {
            var operand = Unary();
            return self => !Bool(operand(self));
        }

        if (Accept("-"))
        {
            var operand = Unary();
            return self => operand(self) switch
            {
                long l => -l,
                double d => -d,
                _ => throw new InvalidOperationException("negation of a non-number"),
            };
        }

        return Postfix(Primary());
    }

    private Func<JsonNode?, object?> Postfix(Func<JsonNode?, object?> target)
    {
        while (Accept("."))
        {
            var name = Identifier();
            var inner = target;
            if (Accept("("))
            {
                Expect(")");
                if (name != "size") throw new FormatException($"unsupported method {name}");
                target = self => Size(inner(self));
            }
            else
            {
                target = self => Select(inner(self), name, mustExist: true);
            }
        }

        return target;
    }

    private Func<JsonNode?, object?> Primary()
    {
        var token = Next();
        switch (token)
        {
            case "(":
                var inner = Or();
                Expect(")");
                return inner;
            case "self":
                return self => Value(self);
            case "true":
                return _ => true;
            case "false":
                return _ => false;
            case "null":
                return _ => null;
            case "has":
                Expect("(");
                var (path, field) = SelectionPath();
                Expect(")");
                return self => Select(path(self), field, mustExist: false) is not Missing;
            case "size":
                Expect("(");
                var argument = Or();
                Expect(")");
                return self => Size(argument(self));
        }

        if (token.Length >= 2 && token[0] is '"' or '\'') return _ => token[1..^1];
        if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var integer)) return _ => integer;
        if (double.TryParse(token, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var real)) return _ => real;
        throw new FormatException($"unsupported token {token}");
    }

    /// <summary>has(self.a.b): everything before the last field, and the last field.</summary>
    private (Func<JsonNode?, object?> Path, string Field) SelectionPath()
    {
        if (Next() != "self") throw new FormatException("has() needs a field selection on self");
        Func<JsonNode?, object?> path = self => Value(self);
        Expect(".");
        var field = Identifier();
        while (Accept("."))
        {
            var (inner, name) = (path, field);
            path = self => Select(inner(self), name, mustExist: true);
            field = Identifier();
        }

        return (path, field);
    }

    // Every arm is cast to object: otherwise JsonNode's implicit conversions make the switch a JsonNode again.
    private static object? Value(JsonNode? node) => node switch
    {
        null => null,
        JsonObject or JsonArray => (object)node,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => (object)v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
            JsonValueKind.Number => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => null,
    };

    private static object? Select(object? target, string field, bool mustExist)
    {
        if (target is JsonObject o && o.TryGetPropertyValue(field, out var child)) return Value(child);
        if (mustExist) throw new InvalidOperationException($"no such key: {field}");
        return Missing.Instance;
    }

    private static long Size(object? value) => value switch
    {
        string s => s.Length,
        JsonArray a => a.Count,
        JsonObject o => o.Count,
        _ => throw new InvalidOperationException("size() of an unsized value"),
    };

    private static bool Bool(object? value) => value as bool? ?? throw new InvalidOperationException("not a bool");

    private static bool Compare(string op, object? left, object? right)
    {
        if (op is "==" or "!=")
        {
            var equal = (left, right) switch
            {
                (long a, double b) => a == b,
                (double a, long b) => a == b,
                (JsonNode a, JsonNode b) => JsonNode.DeepEquals(a, b),
                _ => Equals(left, right),
            };
            return op == "==" ? equal : !equal;
        }

        int order = (left, right) switch
        {
            (long a, long b) => a.CompareTo(b),
            (long a, double b) => ((double)a).CompareTo(b),
            (double a, long b) => a.CompareTo(b),
            (double a, double b) => a.CompareTo(b),
            (string a, string b) => string.CompareOrdinal(a, b),
            _ => throw new InvalidOperationException("incomparable values"),
        };
        return op switch { "<" => order < 0, "<=" => order <= 0, ">" => order > 0, _ => order >= 0 };
    }

    private string Identifier()
    {
        var token = Next();
        if (token.Length == 0 || !(char.IsLetter(token[0]) || token[0] == '_')) throw new FormatException($"expected a name, got {token}");
        return token;
    }

    private string Next() => _at < _tokens.Count ? _tokens[_at++] : throw new FormatException("unexpected end of rule");

    private bool Accept(string token)
    {
        if (_at < _tokens.Count && _tokens[_at] == token)
        {
            _at++;
            return true;
        }

        return false;
    }

    private void Expect(string token)
    {
        if (!Accept(token)) throw new FormatException($"expected {token}");
    }

    private static List<string> Tokenize(string rule)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < rule.Length)
        {
            var c = rule[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < rule.Length && (char.IsLetterOrDigit(rule[i]) || rule[i] == '_')) i++;
                tokens.Add(rule[start..i]);
            }
            else if (char.IsDigit(c))
            {
                var start = i;
                while (i < rule.Length && (char.IsDigit(rule[i]) || rule[i] == '.') && !(rule[i] == '.' && (i + 1 >= rule.Length || !char.IsDigit(rule[i + 1])))) i++;
                tokens.Add(rule[start..i]);
            }
            else if (c is '"' or '\'')
            {
                var end = rule.IndexOf(c, i + 1);
                if (end < 0) throw new FormatException("unterminated string");
                tokens.Add(rule[i..(end + 1)]);
                i = end + 1;
            }
            else if (i + 1 < rule.Length && rule.Substring(i, 2) is "==" or "!=" or "<=" or ">=" or "&&" or "||")
            {
                tokens.Add(rule.Substring(i, 2));
                i += 2;
            }
            else if (c is '<' or '>' or '!' or '(' or ')' or '.' or '-')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                throw new FormatException($"unsupported character {c}");
            }
        }

        return tokens;
    }

    private sealed class Missing
    {
        public static readonly Missing Instance = new();
    }
}
