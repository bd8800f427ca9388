using LetsCode.Api.Cluster.Configuration;
using LetsCode.Api.Cluster.Dispatch;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Config;
using LetsCode.Operator.Resources;
using Microsoft.Extensions.Options;

namespace LetsCode.Api.Cluster.Kubernetes;

public static class KubernetesSandboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Kubernetes side of cluster mode: <see cref="ISandboxCapacity"/> and <see cref="ISubmissionResources"/>
    /// over the Submission and WarmPool resources of ClusterOptions.Namespace, and the informers that feed them (a
    /// hosted service). <paramref name="connect"/> chooses the API server; by default the pod's service account, else
    /// $KUBECONFIG / ~/.kube/config.
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
        services.AddSingleton<ISandboxCapacity, KubernetesSandboxCapacity>();
        services.AddSingleton<ISubmissionResources>(provider => new KubernetesSubmissionResources(
            provider.GetRequiredService<KubernetesApiClient>().For(LetsCodeResources.Submissions),
            provider.GetRequiredService<SandboxInformers>()));
        return services;
    }
}
