using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace LetsCode.Charts.Tests.Yaml;

/// <summary>Null-tolerant navigation of parsed YAML: a missing key is null, a missing list is empty.</summary>
public static class YamlPath
{
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Str(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlScalarNode { Value: var value } scalar && !IsNull(scalar) ? value : null;

    public static bool? Bool(this YamlNode? node, params string[] path) =>
        node.Str(path) is { } text ? bool.Parse(text) : null;

    public static long? Long(this YamlNode? node, params string[] path) =>
        node.Str(path) is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : null;

    public static IEnumerable<YamlNode> Items(this YamlNode? node) =>
        node is YamlSequenceNode sequence ? sequence.Children : [];

    public static IEnumerable<string> Strings(this YamlNode? node) =>
        node.Items().OfType<YamlScalarNode>().Select(s => s.Value ?? "");

    public static IEnumerable<string> Keys(this YamlNode? node) =>
        node is YamlMappingNode map ? map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "") : [];

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null";
}
