namespace LetsCode.Metrics.Exposition;

/// <summary>One sample line: the family name plus <see cref="Suffix"/> (e.g. <c>_bucket</c>), labels and value.</summary>
public sealed record Sample(string Suffix, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value);
