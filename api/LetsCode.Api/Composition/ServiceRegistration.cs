using System.Text.Json.Serialization;
using LetsCode.Api.Configuration;
using LetsCode.Api.Endpoints;
using LetsCode.Api.Executor;
using LetsCode.Api.Health;
using LetsCode.Api.Languages;
using LetsCode.Api.Live;
using LetsCode.Api.Processing;
using LetsCode.Api.Queue;
using LetsCode.Api.Samples;
using LetsCode.Api.Storage;
using LetsCode.Api.Storage.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Composition;

/// <summary>
/// Every seam is registered here and only here: storage provider, queue, executor and live-update fan-out. Cluster
/// mode (issue 6) replaces exactly these registrations; the endpoints do not change.
/// </summary>
public static class ServiceRegistration
{
    private const double MaxCollectionIntervalMinutes = 7 * 24 * 60;

    public static WebApplicationBuilder AddLetsCode(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LetsCodeOptions>().Bind(builder.Configuration.GetSection(LetsCodeOptions.Section));
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.MaxDepth = 256;
        });
        services.AddSingleton(TimeProvider.System);

        // Storage: one model, provider by configuration.
        services.AddDbContextFactory<LetsCodeDbContext>((sp, db) => ConfigureStorage(db, sp.GetRequiredService<IOptions<LetsCodeOptions>>().Value));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<LetsCodeDbContext>>().CreateDbContext());
        services.AddSingleton<ITestDataStore>(sp =>
            new FileTestDataStore(Path.Combine(sp.GetRequiredService<IOptions<LetsCodeOptions>>().Value.FullDataDirectory, "testdata")));
        services.AddOptions<TestDataCollectionOptions>().Bind(builder.Configuration.GetSection(TestDataCollectionOptions.Section))
            .Validate(o => o.IntervalMinutes is > 0 and <= MaxCollectionIntervalMinutes,
                $"{TestDataCollectionOptions.Section}:IntervalMinutes must be above 0 and at most {MaxCollectionIntervalMinutes} (a week)")
            .Validate(o => o.GraceHours >= 0, $"{TestDataCollectionOptions.Section}:GraceHours must not be negative")
            .ValidateOnStart();
        // Uses whichever store is registered last (cluster mode replaces it), resolved when the host starts.
        services.AddSingleton<TestDataCollector>();
        services.AddSingleton<SchemaMigrator>();
        services.AddHealthChecks().AddReadinessCheck<DatabaseReadinessCheck>(DatabaseReadinessCheck.Name);

        // Queue and workers.
        services.AddSingleton<ISubmissionQueue, ChannelSubmissionQueue>();
        services.AddScoped<IQueuePositions, DatabaseQueuePositions>();
        services.AddSingleton<WorkerActivity>();
        services.AddSingleton<SequenceClock>();

        // Executor: the judge library in-process.
        services.AddSingleton(_ => JudgeWiring.CreateDetector());
        services.AddSingleton(sp => JudgeWiring.CreateJudge(
            sp.GetRequiredService<IOptions<LetsCodeOptions>>().Value, sp.GetRequiredService<Judge.Languages.LanguageDetector>()));
        services.AddSingleton(sp => JudgeWiring.CreateLanguageCatalog(sp.GetRequiredService<Judge.Languages.LanguageDetector>()));
        services.AddSingleton<ISubmissionExecutor>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LetsCodeOptions>>().Value;
            return new EmbeddedJudgeExecutor(
                sp.GetRequiredService<Judge.Judging.IJudge>(), sp.GetRequiredService<ITestDataStore>(),
                options.MaxJobTestDataBytes, options.EffectiveWorkers);
        });

        // Live updates.
        services.AddSingleton<ILiveUpdates, InProcessLiveUpdates>();
        services.AddSingleton<CompletionSignals>();
        services.AddSingleton<SystemStatusBroadcaster>();

        // Domain services.
        services.AddSingleton<SubmissionProcessor>();
        services.AddScoped<SubmissionIntake>();
        services.AddScoped<SubmissionReader>();
        services.AddScoped<ProblemService>();
        services.AddScoped<SampleProblems>();
        services.AddSingleton<StartupState>();

        // Start-up order matters: recovery before workers, workers before the server.
        services.AddHostedService<StartupTasks>();
        services.AddHostedService<SubmissionWorkerPool>();
        services.AddHostedService(sp => sp.GetRequiredService<SystemStatusBroadcaster>());
        services.AddHostedService(sp => sp.GetRequiredService<TestDataCollector>());
        return builder;
    }

    public static WebApplication MapLetsCode(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthEndpoints();
        app.MapSubmissionEndpoints();
        app.MapTestRunEndpoints();
        app.MapLanguageEndpoints();
        app.MapProblemEndpoints();
        app.MapLiveEndpoints();
        return app;
    }

    private static void ConfigureStorage(DbContextOptionsBuilder db, LetsCodeOptions options)
    {
        switch (options.Storage)
        {
            case StorageProvider.Postgres:
                db.UseNpgsql(options.ConnectionString ?? throw new InvalidOperationException(
                    "LetsCode:ConnectionString is required with LetsCode:Storage=Postgres"), npgsql => npgsql.EnableRetryOnFailure());
                break;
            default:
                Directory.CreateDirectory(options.FullDataDirectory);
                db.UseSqlite(options.ConnectionString
                    ?? $"Data Source={Path.Combine(options.FullDataDirectory, "letscode.db")};Default Timeout=30;Pooling=True");
                break;
        }
    }
}
