using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LetsCode.Kubernetes.Simulator.Api;

namespace LetsCode.Kubernetes.Simulator.Strategies;

/// <summary>
/// ObjectMeta validation every kind gets on a real API server: label keys and values, annotation keys and size,
/// ownerReference fields. Catches labels such as "c++" or 64-character names that a real cluster refuses.
/// </summary>
internal static partial class MetadataValidation
{
    private const int MaxAnnotationBytes = 256 * 1024;

    public static IEnumerable<FieldError> Validate(JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject;
        foreach (var (key, value) in meta?["labels"] as JsonObject ?? [])
        {
            if (QualifiedNameError(key) is { } keyError)
            {
                yield return FieldError.InvalidValue("metadata.labels", $"\"{key}\"", keyError);
            }

            var text = Meta.Str(value) ?? "";
            if (text.Length > 63 || (text.Length > 0 && !LabelValue().IsMatch(text)))
            {
                yield return FieldError.InvalidValue("metadata.labels", $"\"{text}\"",
                    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
            }
        }

        var annotationBytes = 0;
        foreach (var (key, value) in meta?["annotations"] as JsonObject ?? [])
        {
            if (QualifiedNameError(key) is { } keyError)
            {
                yield return FieldError.InvalidValue("metadata.annotations", $"\"{key}\"", keyError);
            }

            annotationBytes += key.Length + (Meta.Str(value)?.Length ?? 0);
        }

        if (annotationBytes > MaxAnnotationBytes)
        {
            yield return new FieldError("metadata.annotations", "FieldValueTooLong", $"Too long: may not be more than {MaxAnnotationBytes} bytes");
        }

        var index = 0;
        foreach (var owner in meta?["ownerReferences"] as JsonArray ?? [])
        {
            foreach (var field in new[] { "apiVersion", "kind", "name", "uid" })
            {
                if (string.IsNullOrEmpty(Meta.Str(owner?[field])))
                {
                    yield return FieldError.InvalidValue($"metadata.ownerReferences[{index}].{field}", "\"\"", $"{field} must not be empty");
                }
            }

            index++;
        }
    }

    /// <summary>Label and annotation keys: an optional DNS subdomain prefix and a name of at most 63 characters.</summary>
    private static string? QualifiedNameError(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > 253 || ObjectNames.Validate(prefix, label: false) is not null)
            {
                return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
            }
        }

        if (name.Length == 0 || name.Length > 63 || !QualifiedName().IsMatch(name))
        {
            return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        }

        return null;
    }

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedName();
}
