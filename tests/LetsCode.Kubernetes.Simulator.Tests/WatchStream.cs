using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>Reads a watch response line by line (newline-delimited JSON events).</summary>
internal sealed class WatchStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private WatchStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<WatchStream> OpenAsync(HttpClient http, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return new WatchStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<(string Type, JsonObject Object)?> NextAsync(double timeoutSeconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var line = await _reader.ReadLineAsync(timeout.Token);
        if (line is null) return null;
        var ev = JsonNode.Parse(line)!;
        return (ev["type"]!.GetValue<string>(), ev["object"]!.AsObject());
    }

    /// <summary>The next event that is not a BOOKMARK.</summary>
    public async Task<(string Type, JsonObject Object)> NextChangeAsync(double timeoutSeconds = 10)
    {
        while (true)
        {
            var ev = await NextAsync(timeoutSeconds) ?? throw new InvalidOperationException("the watch ended");
            if (ev.Type != "BOOKMARK") return ev;
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
