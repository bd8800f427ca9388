using System.Text;
using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Simulator.Api;

namespace LetsCode.Kubernetes.Simulator;

/// <summary>The opaque list continue token: the list's resourceVersion and the last key returned, base64 JSON.</summary>
internal static class ContinueToken
{
    public static string Encode(long resourceVersion, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["v"] = "meta.k8s.io/v1",
            ["rv"] = resourceVersion,
            ["start"] = lastKey + "\u0000",
        }.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (long ResourceVersion, string AfterKey) Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var json = JsonNode.Parse(Convert.FromBase64String(base64))!;
            return ((long)json["rv"]!, ((string)json["start"]!).TrimEnd('\u0000'));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            throw ApiException.BadRequest($"continue key is not valid: {e.Message}");
        }
    }
}
