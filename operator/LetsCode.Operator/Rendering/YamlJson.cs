using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace LetsCode.Operator.Rendering;

/// <summary>
/// YAML documents to JSON nodes and back, with YAML 1.2 core-schema typing of plain scalars (true, 12, 1.5, null)
/// and quoted scalars kept as strings. Kubernetes manifests are JSON written as YAML; this is all we need of YAML.
/// </summary>
public static class YamlJson
{
    public static IReadOnlyList<JsonNode?> ParseDocuments(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}", e);
        }

        return [.. stream.Documents.Select(d => ToJson(d.RootNode))];
    }

    public static string ToYaml(IEnumerable<JsonNode?> documents)
    {
        var serializer = new SerializerBuilder().WithQuotingNecessaryStrings().DisableAliases().Build();
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var document in documents)
        {
            writer.WriteLine("---");
            writer.Write(serializer.Serialize(ToPlain(document)));
        }

        return writer.ToString();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new FormatException($"unsupported YAML node at line {node.Start.Line}"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && char.IsAsciiDigit(text[^1]))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(pair => pair.Key, pair => ToPlain(pair.Value)),
        JsonArray array => array.Select(ToPlain).ToList(),
        JsonValue value when value.TryGetValue<bool>(out var b) => b,
        JsonValue value when value.TryGetValue<long>(out var l) => l,
        JsonValue value when value.TryGetValue<double>(out var d) => d,
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
