using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LetsCode.Kubernetes.Models;

/// <summary>intstr.IntOrString: a port number or a named port.</summary>
[JsonConverter(typeof(IntOrStringConverter))]
public readonly record struct IntOrString
{
    public IntOrString(int value) => (IntValue, StringValue) = (value, null);

    public IntOrString(string value) => (IntValue, StringValue) = (null, value);

    public int? IntValue { get; }
    public string? StringValue { get; }

    public static implicit operator IntOrString(int value) => new(value);

    public static implicit operator IntOrString(string value) => new(value);

    public override string ToString() => StringValue ?? IntValue?.ToString(CultureInfo.InvariantCulture) ?? "";
}

public sealed class IntOrStringConverter : JsonConverter<IntOrString>
{
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? new IntOrString(reader.GetInt32()) : new IntOrString(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        if (value.StringValue is not null)
        {
            writer.WriteStringValue(value.StringValue);
        }
        else
        {
            writer.WriteNumberValue(value.IntValue ?? 0);
        }
    }
}
