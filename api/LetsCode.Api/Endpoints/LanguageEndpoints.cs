using LetsCode.Api.Contracts;
using LetsCode.Api.Languages;

namespace LetsCode.Api.Endpoints;

/// <summary>GET /api/languages: what this deployment can judge, with versions.</summary>
public static class LanguageEndpoints
{
    public static IEndpointRouteBuilder MapLanguageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/languages", (ILanguageCatalog catalog) => TypedResults.Ok<IReadOnlyList<LanguageDocument>>(catalog.Available))
            .WithName("ListLanguages");
        return app;
    }
}
