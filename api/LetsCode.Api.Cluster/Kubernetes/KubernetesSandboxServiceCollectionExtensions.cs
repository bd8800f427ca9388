using LetsCode.Api.Cluster.Configuration;
using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Api.Cluster.Health;
using LetsCode.Api.Health;
using LetsCode.Api.Configuration;
using LetsCode.Api.Executor;
using LetsCode.Api.Languages;
using LetsCode.Judge.Languages;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Config;
using LetsCode.Operator.Resources;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Cluster.Kubernetes;

public static class KubernetesSandboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Kubernetes side of cluster mode: <see cref="ISandboxCapacity"/> and <see cref="ISubmissionResources"/>
    /// over the Submission and WarmPool resources of ClusterOptions.Namespace, and the informers that feed them (a
    /// hosted service). <paramref name="connect"/> chooses the API server; by default the pod's service account, else
    /// $KUBECONFIG / ~/.kube/config.
    /// <para>
    /// It also replaces the two embedded seams that assume a judge on the API machine: <see cref="ILanguageCatalog"/>
    /// (the WarmPools' languages, not the toolchains detected here) and <see cref="ISubmissionExecutor"/> (custom runs
    /// as Submission resources judged in sandbox pods; only POST /api/test calls it in cluster mode), with the
    /// <see cref="TestRunJanitor"/> that deletes the custom runs a crashed replica left. Call it after AddLetsCode.
    /// </para>
    /// </summary>
    public static IServiceCollection AddKubernetesSandbox(
        this IServiceCollection services, Func<IServiceProvider, KubernetesClientConfiguration>? connect = null)
    {
        services.AddOptions<SubmissionResourceOptions>().BindConfiguration(SubmissionResourceOptions.Section);
        services.AddSingleton(provider => new KubernetesApiClient(
            connect?.Invoke(provider) ?? KubernetesClientConfiguration.LoadDefault(),
            loggerFactory: provider.GetService<ILoggerFactory>(),
            timeProvider: provider.GetService<TimeProvider>()));
        services.AddSingleton(provider =>
        {
            var api = provider.GetRequiredService<KubernetesApiClient>();
            return new SandboxInformers(
                api.For(LetsCodeResources.WarmPools),
                api.For(LetsCodeResources.Submissions),
                provider.GetRequiredService<IOptions<ClusterOptions>>().Value.Namespace,
                provider.GetRequiredService<IOptions<SubmissionResourceOptions>>().Value,
                loggerFactory: provider.GetService<ILoggerFactory>(),
                time: provider.GetService<TimeProvider>());
        });
        services.AddHostedService<SandboxInformersService>();
        services.AddHealthChecks().AddReadinessCheck<SandboxInformersReadinessCheck>(SandboxInformersReadinessCheck.Name);
        services.AddSingleton<ISandboxCapacity, KubernetesSandboxCapacity>();
        services.AddSingleton<ISubmissionResources>(provider => new KubernetesSubmissionResources(
            provider.GetRequiredService<KubernetesApiClient>().For(LetsCodeResources.Submissions),
            provider.GetRequiredService<SandboxInformers>()));

        // The API pod has no compilers and no sandbox: languages come from the WarmPools, custom runs go to sandbox pods.
        services.Replace(ServiceDescriptor.Singleton<ILanguageCatalog>(provider => new WarmPoolLanguageCatalog(
            provider.GetRequiredService<SandboxInformers>(),
            provider.GetRequiredService<IOptions<ClusterOptions>>().Value.Languages,
            LanguageRegistry.CreateDefault())));
        services.AddOptions<TestRunOptions>().BindConfiguration(TestRunOptions.Section);
        services.Replace(ServiceDescriptor.Singleton<ISubmissionExecutor>(provider => new ClusterTestRunExecutor(
            provider.GetRequiredService<KubernetesApiClient>().For(LetsCodeResources.Submissions),
            provider.GetRequiredService<SandboxInformers>(),
            provider.GetRequiredService<IOptions<TestRunOptions>>().Value,
            provider.GetRequiredService<ILogger<ClusterTestRunExecutor>>())));
        // Deletes custom runs whose replica crashed before deleting them (every replica runs one; deletes are idempotent).
        // Registered by type, so a host without an API server can take it out like the informers' service.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IResourceClient<Submission>>(provider =>
            provider.GetRequiredService<KubernetesApiClient>().For(LetsCodeResources.Submissions));
        services.AddHostedService<TestRunJanitor>();
        // A custom run's input travels inline in its resource; etcd objects stay under 1.5 MiB.
        services.AddOptions<LetsCodeOptions>().PostConfigure<IOptions<TestRunOptions>>((o, runs) =>
            o.MaxCustomInputBytes = Math.Min(o.MaxCustomInputBytes, Math.Max(1, runs.Value.MaxInputBytes)));
        return services;
    }
}
