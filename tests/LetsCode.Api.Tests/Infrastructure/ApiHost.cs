using LetsCode.Api.Composition;
using LetsCode.Api.Contracts;
using LetsCode.Api.Languages;
using LetsCode.Judge.Judging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LetsCode.Api.Tests.Infrastructure;

/// <summary>
/// The whole service in-process on a private data directory. With a judge given, that judge replaces the one
/// JudgeWiring creates (the single seam); otherwise the service builds its own real judge.
/// </summary>
public sealed class ApiHost : WebApplicationFactory<Program>
{
    private readonly IJudge? judge;
    private readonly ILanguageCatalog languages;
    private readonly Dictionary<string, string?> settings;

    /// <param name="languages">With a judge given: the languages offered (default: python3, cpp, javascript).</param>
    public ApiHost(string dataDirectory, IJudge? judge = null, IDictionary<string, string?>? settings = null, ILanguageCatalog? languages = null)
    {
        DataDirectory = dataDirectory;
        this.judge = judge;
        this.languages = languages ?? new FixedLanguageCatalog(ScriptedLanguages);
        this.settings = new Dictionary<string, string?>
        {
            ["LetsCode:DataDirectory"] = dataDirectory,
            ["LetsCode:Workers"] = "2",
            ["LetsCode:SystemStatusIntervalSeconds"] = "0.5",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    public static readonly IReadOnlyList<LanguageDocument> ScriptedLanguages =
    [
        JudgeWiring.Describe("python3", "3.11", compiled: false),
        JudgeWiring.Describe("cpp", "g++ 12", compiled: true),
        JudgeWiring.Describe("javascript", "node 20", compiled: false),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            if (judge is not null)
            {
                services.RemoveAll<IJudge>();
                services.AddSingleton(judge);
                services.RemoveAll<ILanguageCatalog>();
                services.AddSingleton(languages);
            }
        });
    }
}
