using System.Text.Json;

namespace LetsCode.Api.Processing;

/// <summary>How JSON columns (checker, function spec) are written: camelCase like the runner contract.</summary>
public static class StorageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
