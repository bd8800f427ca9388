using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LetsCode.Kubernetes.Simulator.Api;

namespace LetsCode.Kubernetes.Simulator.Admission;

/// <summary>
/// A CRD's structural openAPIV3Schema applied to a custom resource the way the API server does, in its order:
/// prune unknown fields (unless x-kubernetes-preserve-unknown-fields), apply defaults, then validate type, required,
/// enum, minimum/maximum, minLength/maxLength, pattern, minItems/maxItems and nullable, and then the
/// x-kubernetes-validations rules that the <see cref="CelSubset"/> understands.
/// </summary>
internal static class StructuralSchema
{
    /// <summary>Prunes and defaults in place; returns the paths of the pruned (unknown) fields.</summary>
    public static List<string> PruneAndDefault(JsonObject schema, JsonObject obj)
    {
        var pruned = new List<string>();
        foreach (var key in obj.Select(p => p.Key).ToList())
        {
            if (key is "apiVersion" or "kind" or "metadata") continue;
            var properties = schema["properties"] as JsonObject;
            if (properties?[key] is JsonObject child) Walk(child, obj[key], key, pruned);
            else if (!PreservesUnknown(schema))
            {
                obj.Remove(key);
                pruned.Add(key);
            }
        }

        Default(schema, obj);
        return pruned;
    }

    public static List<FieldError> Validate(JsonObject schema, JsonObject obj)
    {
        var errors = new List<FieldError>();
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (key, child) in properties)
            {
                if (key is "metadata" or "apiVersion" or "kind" || child is not JsonObject childSchema) continue;
                if (obj.TryGetPropertyValue(key, out var value)) Check(childSchema, value, key, errors);
            }
        }

        foreach (var required in schema["required"] as JsonArray ?? [])
        {
            var name = (string?)required;
            if (name is not null && !obj.ContainsKey(name)) errors.Add(FieldError.Required(name));
        }

        if (errors.Count == 0) CheckRules(schema, obj, "<root>", errors);
        return errors;
    }

    /// <summary>x-kubernetes-validations, evaluated with the CEL subset; rules outside it are skipped.</summary>
    private static void CheckRules(JsonObject schema, JsonNode value, string path, List<FieldError> errors)
    {
        foreach (var rule in (schema["x-kubernetes-validations"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var text = (string?)rule["rule"];
            if (text is null || CelSubset.TryCompile(text) is not { } predicate) continue;
            if (predicate(value) != false) continue;
            var message = (string?)rule["message"] ?? $"failed rule: {text}";
            var field = (string?)rule["fieldPath"] is { Length: > 0 } fieldPath ? path + fieldPath : path;
            var kind = value switch { JsonObject => "object", JsonArray => "array", _ => "string" };
            errors.Add(FieldError.InvalidValue(field, $"\"{kind}\"", message));
        }
    }

    private static void Walk(JsonObject schema, JsonNode? node, string path, List<string>? pruned)
    {
        switch (node)
        {
            case JsonObject o:
                var properties = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (properties?[key] is JsonObject child) Walk(child, o[key], $"{path}.{key}", pruned);
                    else if (additional is not null) Walk(additional, o[key], $"{path}.{key}", pruned);
                    else if (!PreservesUnknown(schema) && schema["x-kubernetes-embedded-resource"] is null)
                    {
                        o.Remove(key);
                        pruned?.Add($"{path}.{key}");
                    }
                }

                Default(schema, o);
                return;
            case JsonArray a when schema["items"] is JsonObject items:
                for (var i = 0; i < a.Count; i++) Walk(items, a[i], $"{path}[{i}]", pruned);
                return;
        }
    }

    private static void Default(JsonObject schema, JsonObject obj)
    {
        foreach (var (key, child) in schema["properties"] as JsonObject ?? [])
        {
            if (child?["default"] is not { } value || obj.ContainsKey(key)) continue;
            var defaulted = value.DeepClone();
            obj[key] = defaulted;
            Walk((JsonObject)child, defaulted, key, null);
        }
    }

    private static bool PreservesUnknown(JsonObject schema) =>
        Meta.Bool(schema["x-kubernetes-preserve-unknown-fields"]) == true;

    private static void Check(JsonObject schema, JsonNode? value, string path, List<FieldError> errors)
    {
        if (value is null)
        {
            if (Meta.Bool(schema["nullable"]) != true)
            {
                errors.Add(FieldError.InvalidValue(path, "\"null\"", $"{path} in body must be of type {(string?)schema["type"] ?? "object"}: \"null\""));
            }

            return;
        }

        var type = (string?)schema["type"];
        var actual = TypeOf(value);
        var intOrString = Meta.Bool(schema["x-kubernetes-int-or-string"]) == true;
        if (intOrString)
        {
            if (actual is not ("integer" or "string"))
            {
                errors.Add(FieldError.InvalidValue(path, $"\"{actual}\"", $"{path} in body must be of type integer or string: \"{actual}\""));
            }

            return;
        }

        if (type is not null && type != actual && !(type == "number" && actual == "integer"))
        {
            errors.Add(FieldError.InvalidValue(path, $"\"{actual}\"", $"{path} in body must be of type {type}: \"{actual}\""));
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(e => JsonNode.DeepEquals(e, value)))
        {
            errors.Add(FieldError.NotSupported(path, value.ToJsonString(), allowed.Select(e => e!.ToJsonString())));
        }

        var before = errors.Count;
        CheckChildren(schema, value, path, errors);
        if (errors.Count == before) CheckRules(schema, value, path, errors);
    }

    private static void CheckChildren(JsonObject schema, JsonNode value, string path, List<FieldError> errors)
    {
        switch (value)
        {
            case JsonObject o:
                var properties = schema["properties"] as JsonObject;
                foreach (var (key, child) in o)
                {
                    if (properties?[key] is JsonObject childSchema) Check(childSchema, child, $"{path}.{key}", errors);
                    else if (schema["additionalProperties"] is JsonObject additional) Check(additional, child, $"{path}.{key}", errors);
                }

                foreach (var required in schema["required"] as JsonArray ?? [])
                {
                    var name = (string?)required;
                    if (name is not null && !o.ContainsKey(name)) errors.Add(FieldError.Required($"{path}.{name}"));
                }

                break;
            case JsonArray a:
                if (Meta.Long(schema["minItems"]) is { } minItems && a.Count < minItems)
                {
                    errors.Add(FieldError.InvalidValue(path, a.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {minItems} items"));
                }

                if (Meta.Long(schema["maxItems"]) is { } maxItems && a.Count > maxItems)
                {
                    errors.Add(new FieldError(path, "FieldValueTooMany", $"Too many: {a.Count}: must have at most {maxItems} items"));
                }

                if (schema["items"] is JsonObject items)
                {
                    for (var i = 0; i < a.Count; i++) Check(items, a[i], $"{path}[{i}]", errors);
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var s = v.GetValue<string>();
                if (Meta.Long(schema["minLength"]) is { } minLength && s.Length < minLength)
                {
                    errors.Add(FieldError.InvalidValue(path, $"\"{s}\"", $"{path} in body should be at least {minLength} chars long"));
                }

                if (Meta.Long(schema["maxLength"]) is { } maxLength && s.Length > maxLength)
                {
                    errors.Add(new FieldError(path, "FieldValueTooLong", $"Too long: may not be more than {maxLength} bytes"));
                }

                if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(s, pattern.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    errors.Add(FieldError.InvalidValue(path, $"\"{s}\"", $"{path} in body should match '{pattern}'"));
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                var d = Meta.Decimal(v) ?? 0;
                if (Meta.Decimal(schema["minimum"]) is { } minimum && d < minimum)
                {
                    errors.Add(FieldError.InvalidValue(path, v.ToJsonString(), $"{path} in body should be greater than or equal to {minimum}"));
                }

                if (Meta.Decimal(schema["maximum"]) is { } maximum && d > maximum)
                {
                    errors.Add(FieldError.InvalidValue(path, v.ToJsonString(), $"{path} in body should be less than or equal to {maximum}"));
                }

                break;
        }
    }

    private static string TypeOf(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => decimal.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };
}
