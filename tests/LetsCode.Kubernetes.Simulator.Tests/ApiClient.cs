using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>Raw HTTP against the simulator, so the tests check the wire protocol rather than a client library.</summary>
internal sealed class ApiClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient Http => _http;

    public Task<Response> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, null);

    public Task<Response> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body, "application/json");

    public Task<Response> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body, "application/json");

    public Task<Response> PatchAsync(string path, JsonNode body, string contentType = "application/merge-patch+json") =>
        SendAsync(HttpMethod.Patch, path, body, contentType);

    public Task<Response> DeleteAsync(string path, JsonNode? options = null) =>
        SendAsync(HttpMethod.Delete, path, options, options is null ? null : "application/json");

    /// <summary>Creates and asserts 201.</summary>
    public async Task<JsonObject> CreateAsync(string collectionPath, JsonNode body)
    {
        var response = await PostAsync(collectionPath, body);
        Assert.True(response.Code == HttpStatusCode.Created, $"create failed: {(int)response.Code} {response.Body}");
        return response.Object;
    }

    public async Task<JsonObject> GetObjectAsync(string path)
    {
        var response = await GetAsync(path);
        Assert.True(response.Code == HttpStatusCode.OK, $"get failed: {(int)response.Code} {response.Body}");
        return response.Object;
    }

    public async Task<Response> SendAsync(HttpMethod method, string path, JsonNode? body, string? contentType)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType!);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Response(response.StatusCode, text, response.Headers.RetryAfter?.Delta,
            response.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose() => _http.Dispose();

    public sealed record Response(HttpStatusCode Code, string Body, TimeSpan? RetryAfter, string? MediaType)
    {
        public JsonObject Object => JsonNode.Parse(Body) as JsonObject ?? throw new InvalidOperationException(Body);
    }
}
