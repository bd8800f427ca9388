using System.Text.Json;
using LetsCode.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Http;

/// <summary>
/// Reads a JSON body ourselves (rather than by parameter binding) so that a malformed body gets a problem document
/// naming the field where parsing failed, and an oversized one a 413 instead of a dropped connection.
/// </summary>
public static class JsonBody
{
    /// <summary>Exactly one of Value, Invalid (400) and TooLarge (413) is set.</summary>
    public sealed record Outcome<T>(T? Value, ValidationProblem? Invalid = null, ProblemHttpResult? TooLarge = null) where T : class;

    public static async Task<Outcome<T>> ReadAsync<T>(HttpContext context, long maxBytes, string sizeField) where T : class
    {
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (context.Request.ContentLength is { } length && length > maxBytes)
        {
            return new(null, TooLarge: ApiProblems.TooLarge(sizeField, $"the request body is larger than {maxBytes} bytes"));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return new(null, TooLarge: ApiProblems.TooLarge(sizeField, $"the request body is larger than {maxBytes} bytes"));
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return new(null, Invalid: ApiProblems.Invalid("body", "a JSON body is required"));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), options);
            return value is null
                ? new(null, Invalid: ApiProblems.Invalid("body", "the body must be a JSON object"))
                : new(value);
        }
        catch (JsonException ex)
        {
            return new(null, Invalid: ApiProblems.Invalid(FieldOf(ex.Path), $"malformed JSON: {ex.Message}"));
        }
    }

    /// <summary>"$.limits.timeMs" -> "limits.timeMs"; the whole body when the path is unknown.</summary>
    internal static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
