using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LetsCode.Api.Contracts;

namespace LetsCode.Api.Tests.Infrastructure;

/// <summary>Small helpers over HttpClient speaking the API's JSON.</summary>
public static class HttpApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task<Guid> SubmitAsync(this HttpClient client, string code, string language, string problemId, string userId = "alice", bool isCustomTest = false)
    {
        var response = await client.PostAsJsonAsync("/api/submit", new { code, language, problemId, userId, isCustomTest }, Json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<SubmitResponse>(body, Json)!.SubmissionId;
    }

    public static async Task<SubmissionDocument> GetSubmissionAsync(this HttpClient client, Guid id)
    {
        var document = await client.GetFromJsonAsync<SubmissionDocument>($"/api/submission/{id}", Json);
        return document!;
    }

    public static async Task<SubmissionDocument> WaitForVerdictAsync(this HttpClient client, Guid id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var document = await client.GetSubmissionAsync(id);
            if (document.Verdict is not null)
            {
                return document;
            }
            Assert.True(DateTime.UtcNow < deadline, $"submission {id} still {document.Status} after the timeout");
            await Task.Delay(50);
        }
    }

    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>The field names in an RFC 7807 problem's errors.</summary>
    public static async Task<IReadOnlyList<string>> ErrorFieldsAsync(this HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync();
        return problem["errors"]?.AsObject().Select(e => e.Key).ToList() ?? [];
    }
}
