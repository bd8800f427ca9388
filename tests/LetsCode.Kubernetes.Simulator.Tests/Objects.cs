using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>Small object builders for the tests.</summary>
internal static class Objects
{
    public static JsonObject Pod(string name, Action<JsonObject>? customize = null, string container = "main")
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject { ["name"] = container, ["image"] = "runner:1" }),
            },
        };
        customize?.Invoke(pod);
        return pod;
    }

    public static JsonObject ConfigMap(string name, Dictionary<string, string>? labels = null, string? data = null)
    {
        var meta = new JsonObject { ["name"] = name };
        if (labels is not null)
        {
            meta["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value))));
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = meta,
            ["data"] = new JsonObject { ["value"] = data ?? name },
        };
    }

    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    public static JsonObject WithResources(this JsonObject pod, string cpu, string memory)
    {
        var container = (JsonObject)pod["spec"]!["containers"]![0]!;
        container["resources"] = new JsonObject
        {
            ["requests"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory },
            ["limits"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory },
        };
        return pod;
    }

    public static string ResourceVersion(this JsonObject obj) => (string)obj["metadata"]!["resourceVersion"]!;

    public static string Uid(this JsonObject obj) => (string)obj["metadata"]!["uid"]!;

    public static long Generation(this JsonObject obj) => long.Parse(obj["metadata"]!["generation"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    public static string? Str(this JsonNode? node) => node?.GetValue<string>();

    /// <summary>The Status object of a failed call, asserted to be well formed.</summary>
    public static JsonObject AssertStatus(this ApiClient.Response response, int code, string reason)
    {
        Assert.True((int)response.Code == code, $"expected {code}, got {(int)response.Code}: {response.Body}");
        var status = response.Object;
        Assert.Equal("Status", status["kind"].Str());
        Assert.Equal("v1", status["apiVersion"].Str());
        Assert.Equal("Failure", status["status"].Str());
        Assert.Equal(reason, status["reason"].Str());
        Assert.Equal(code, (int)status["code"]!);
        return status;
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the timeout passes.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for: {what}");
            await Task.Delay(25);
        }
    }
}
