using System.Globalization;

namespace LetsCode.Kubernetes.Simulator.Admission;

/// <summary>resource.Quantity: "500m", "2", "1.5", "128Mi", "1G", "1e3"; kept as an exact decimal.</summary>
internal readonly record struct Quantity(decimal Value, bool Binary)
{
    private static readonly (string Suffix, decimal Factor, bool Binary)[] Suffixes =
    [
        ("Ki", 1024m, true), ("Mi", 1024m * 1024, true), ("Gi", 1024m * 1024 * 1024, true),
        ("Ti", 1024m * 1024 * 1024 * 1024, true), ("Pi", 1024m * 1024 * 1024 * 1024 * 1024, true),
        ("n", 0.000000001m, false), ("u", 0.000001m, false), ("m", 0.001m, false), ("k", 1000m, false),
        ("M", 1000_000m, false), ("G", 1000_000_000m, false), ("T", 1000_000_000_000m, false),
        ("P", 1000_000_000_000_000m, false),
    ];

    public static Quantity Zero => new(0, false);

    public static bool TryParse(string? text, out Quantity quantity)
    {
        quantity = Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        foreach (var (suffix, factor, binary) in Suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) &&
                decimal.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                quantity = new Quantity(v * factor, binary);
                return true;
            }
        }

        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain)) return false;
        quantity = new Quantity(plain, false);
        return true;
    }

    public static Quantity operator +(Quantity a, Quantity b) => new(a.Value + b.Value, a.Value == 0 ? b.Binary : a.Binary);

    /// <summary>The canonical form the API server prints ("500m", "1", "256Mi").</summary>
    public override string ToString()
    {
        if (Binary && Value >= 1024 && decimal.Truncate(Value) == Value)
        {
            foreach (var (suffix, factor, _) in Suffixes.Where(s => s.Binary).Reverse())
            {
                if (Value % factor == 0) return (Value / factor).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        if (decimal.Truncate(Value) == Value)
        {
            foreach (var (suffix, factor) in new[] { ("P", 1e15m), ("T", 1e12m), ("G", 1e9m), ("M", 1e6m), ("k", 1e3m) })
            {
                if (Value >= factor && Value % factor == 0) return (Value / factor).ToString(CultureInfo.InvariantCulture) + suffix;
            }

            return Value.ToString("0", CultureInfo.InvariantCulture);
        }

        var milli = Value * 1000;
        if (decimal.Truncate(milli) == milli) return milli.ToString("0", CultureInfo.InvariantCulture) + "m";
        return (Value * 1_000_000_000).ToString("0", CultureInfo.InvariantCulture) + "n";
    }
}
