using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LetsCode.Api.Live;

namespace LetsCode.Api.Cluster.Live;

/// <summary>
/// The pub/sub payload: "&lt;sequence&gt;\n&lt;json&gt;" where the JSON is the WebSocket message itself
/// ({"type","data"}); the sequence is prepended by the publish script, which stamps and publishes atomically.
/// </summary>
public static class LiveEnvelope
{
    public static JsonSerializerOptions JsonOptions { get; } = CreateOptions();

    public static string Serialize(LiveMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.Serialize(new Wire(message.Type, JsonSerializer.SerializeToElement(message.Data, message.Data.GetType(), JsonOptions)), JsonOptions);
    }

    /// <summary>Parses a received payload; false when it is not ours (logged and ignored by the relay).</summary>
    public static bool TryParse(string payload, out long sequence, out LiveMessage? message)
    {
        sequence = 0;
        message = null;
        var newline = payload.IndexOf('\n', StringComparison.Ordinal);
        if (newline <= 0 || !long.TryParse(payload.AsSpan(0, newline), NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            return false;
        }
        try
        {
            var wire = JsonSerializer.Deserialize<Wire>(payload.AsSpan(newline + 1), JsonOptions);
            if (wire is null || string.IsNullOrEmpty(wire.Type))
            {
                return false;
            }
            object data = wire.Type == LiveMessage.StatusUpdate
                ? wire.Data.Deserialize<StatusUpdateData>(JsonOptions) ?? throw new JsonException("empty status_update")
                : wire.Data.Clone();
            message = new LiveMessage(wire.Type, data);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static byte[] Encode(string payload) => Encoding.UTF8.GetBytes(payload);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    private sealed record Wire(string Type, JsonElement Data);
}
