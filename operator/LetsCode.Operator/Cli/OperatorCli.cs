using System.CommandLine;
using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Config;
using LetsCode.Kubernetes.Controllers;
using LetsCode.Operator.Configuration;
using LetsCode.Operator.Hosting;
using LetsCode.Operator.Rendering;
using LetsCode.Redis;
using LetsCode.Redis.Connection;
using Microsoft.Extensions.Logging;

namespace LetsCode.Operator.Cli;

/// <summary>
/// <c>letscode-operator render -f FILE</c>: every object the operator would create for the WarmPools and Submissions
/// in FILE, as multi-document YAML. <c>letscode-operator run</c>: the controllers (and, given Redis, the warm-pool
/// autoscaler), until SIGTERM.
/// </summary>
public static class OperatorCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var file = new Option<FileInfo>("--file", "-f") { Description = "A YAML file with WarmPool and/or Submission resources", Required = true };
        var renderNamespace = new Option<string>("--namespace", "-n") { Description = "Namespace for resources that name none", DefaultValueFactory = _ => "letscode-sandbox" };
        var runtimeDefault = new Option<bool>("--seccomp-runtime-default") { Description = "Use RuntimeDefault instead of our Localhost seccomp profiles" };
        var quotaPods = new Option<int?>("--quota-pods") { Description = "Create a ResourceQuota allowing this many pods in the sandbox namespace" };
        var quotaCpu = new Option<string?>("--quota-cpu") { Description = "ResourceQuota requests/limits of CPU (e.g. 32)" };
        var quotaMemory = new Option<string?>("--quota-memory") { Description = "ResourceQuota requests/limits of memory (e.g. 64Gi)" };

        var render = new Command("render", "Print, as multi-document YAML, every object the operator would create for the resources in FILE")
        {
            file, renderNamespace, runtimeDefault, quotaPods, quotaCpu, quotaMemory,
        };
        render.SetAction(parse =>
        {
            var options = Options(parse.GetValue(renderNamespace)!, parse.GetValue(runtimeDefault), parse.GetValue(quotaPods),
                parse.GetValue(quotaCpu), parse.GetValue(quotaMemory));
            var path = parse.GetValue(file)!;
            try
            {
                var yaml = File.ReadAllText(path.FullName);
                var objects = new ManifestRenderer(options).Render(yaml);
                stdout.Write(YamlJson.ToYaml(objects.Select(ManifestRenderer.ToJson)));
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                stderr.WriteLine($"letscode-operator render: {path}: {e.Message}");
                return 1;
            }
        });

        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig file (default: in-cluster service account, else $KUBECONFIG or ~/.kube/config)" };
        var context = new Option<string?>("--context") { Description = "Kubeconfig context (default: the current one)" };
        var runNamespace = new Option<string>("--namespace", "-n") { Description = "The sandbox namespace to reconcile", DefaultValueFactory = _ => "letscode-sandbox" };
        var leaderElect = new Option<bool>("--leader-elect") { Description = "Hold a Lease while reconciling (run several replicas safely)", DefaultValueFactory = _ => true };
        var leaseName = new Option<string>("--leader-election-lease", "--leader-election-id") { Description = "Name of the Lease used for leader election", DefaultValueFactory = _ => "letscode-operator" };
        var leaseNamespace = new Option<string?>("--leader-election-namespace") { Description = "Namespace of the Lease (default: $POD_NAMESPACE, else the sandbox namespace)" };
        var identityOption = new Option<string?>("--leader-election-identity") { Description = "This replica's identity in the Lease (default: $POD_NAME or the host name, plus a random suffix)" };
        var healthPort = new Option<int?>("--health-port") { Description = "Serve /healthz and /readyz on this port" };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve /metrics (Prometheus text) on this port" };
        var workers = new Option<int>("--submission-workers", "--workers") { Description = "Submissions judged in parallel", DefaultValueFactory = _ => 16 };
        var maxAttempts = new Option<int>("--max-attempts") { Description = "Attempts per submission after infrastructure failures before InternalError", DefaultValueFactory = _ => 3 };
        var localhostProfiles = new Option<bool>("--localhost-seccomp-profiles") { Description = "Use our Localhost seccomp profiles (false: RuntimeDefault)", DefaultValueFactory = _ => true };
        var profileDirectory = new Option<string>("--seccomp-profile-directory") { Description = "Directory of our profiles under the kubelet's seccomp root", DefaultValueFactory = _ => "profiles/letscode" };
        var testsEndpoint = new Option<string?>("--test-suite-endpoint", "--tests-endpoint") { Description = "Base URL of the API's internal endpoint serving test suites for testsRef (bearer token from $LETSCODE_INTERNAL_TOKEN)" };
        var redisOption = new Option<string?>("--redis")
        {
            Description = $"Cluster mode's Redis (host:port,password=...): turns on the warm-pool autoscaler (default: ${RedisEnvironmentVariable}; prefer it, a flag shows the password in the process list)",
        };
        var autoscaleInterval = new Option<int>("--autoscale-interval-seconds") { Description = "Seconds between two autoscaler passes", DefaultValueFactory = _ => 15 };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Debug logging" };
        var run = new Command("run", "Run the WarmPool and Submission controllers until SIGTERM")
        {
            kubeconfig, context, runNamespace, leaderElect, leaseName, leaseNamespace, identityOption, healthPort, metricsPort, workers,
            maxAttempts, localhostProfiles, profileDirectory, testsEndpoint, redisOption, autoscaleInterval, quotaPods, quotaCpu, quotaMemory, verbose,
        };
        run.SetAction(async (parse, cancellationToken) =>
        {
            using var loggers = new ConsoleLoggerFactory(stderr, parse.GetValue(verbose) ? LogLevel.Debug : LogLevel.Information);
            KubernetesClientConfiguration configuration;
            try
            {
                configuration = parse.GetValue(kubeconfig) is { } path
                    ? KubeconfigLoader.Load(path, parse.GetValue(context))
                    : parse.GetValue(context) is { } named ? KubeconfigLoader.Load(null, named) : KubernetesClientConfiguration.LoadDefault();
            }
            catch (Exception e) when (e is KubernetesConfigurationException or IOException)
            {
                stderr.WriteLine($"letscode-operator run: {e.Message}");
                return 1;
            }

            Uri? suiteEndpoint = null;
            if (parse.GetValue(testsEndpoint) is { } endpointText
                && (!Uri.TryCreate(endpointText, UriKind.Absolute, out suiteEndpoint) || suiteEndpoint.Scheme is not ("http" or "https")))
            {
                stderr.WriteLine($"letscode-operator run: --test-suite-endpoint: '{endpointText}' is not an http(s) URL");
                return 1;
            }

            RedisOptions? redisOptions = null;
            if ((parse.GetValue(redisOption) ?? Environment.GetEnvironmentVariable(RedisEnvironmentVariable)) is { Length: > 0 } redisText)
            {
                try
                {
                    redisOptions = RedisOptions.Parse(redisText);
                }
                catch (ArgumentException e)
                {
                    // The message names the bad option, never the connection string (it may hold a password).
                    stderr.WriteLine($"letscode-operator run: --redis/{RedisEnvironmentVariable}: {e.Message}");
                    return 1;
                }
            }

            var intervalSeconds = parse.GetValue(autoscaleInterval);
            if (intervalSeconds is < 1 or > 3600)
            {
                stderr.WriteLine($"letscode-operator run: --autoscale-interval-seconds: {intervalSeconds} is not in 1..3600");
                return 1;
            }

            var ns = parse.GetValue(runNamespace)!;
            var options = Options(ns, !parse.GetValue(localhostProfiles), parse.GetValue(quotaPods), parse.GetValue(quotaCpu), parse.GetValue(quotaMemory)) with
            {
                SubmissionWorkers = Math.Max(1, parse.GetValue(workers)),
                MaxAttempts = Math.Max(1, parse.GetValue(maxAttempts)),
                TestSuiteEndpoint = suiteEndpoint,
                AutoscaleInterval = TimeSpan.FromSeconds(intervalSeconds),
            };
            options = options with { Pod = options.Pod with { SeccompProfileDirectory = parse.GetValue(profileDirectory)! } };
            var identity = parse.GetValue(identityOption)
                ?? $"{Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";
            using var api = new KubernetesApiClient(configuration, loggerFactory: loggers);
            using var metrics = new LetsCode.Metrics.PrometheusExporter(LetsCode.Metrics.PrometheusExporterOptions.ForMeters(
                Diagnostics.OperatorMetrics.MeterName, LetsCode.Kubernetes.Diagnostics.KubernetesMetrics.MeterName,
                LetsCode.Autoscaling.Diagnostics.AutoscalerMetrics.MeterName));
            using var autoscalerMetrics = new LetsCode.Autoscaling.Diagnostics.AutoscalerMetrics();

            // Connects in the background and reconnects on its own: Redis being down only pauses autoscaling (each
            // pass logs it), it never stops the controllers.
            var redisLogger = loggers.CreateLogger("LetsCode.Operator.Redis");
            await using var redis = redisOptions is null ? null : new RedisClient(redisOptions with
            {
                ClientName = redisOptions.ClientName ?? "letscode-operator",
                OnConnectionEvent = e => redisLogger.Log(e.Kind == RedisConnectionEventKind.Connected ? LogLevel.Information : LogLevel.Warning,
                    e.Error, "Redis {Role} connection to {EndPoint}: {Kind}", e.Role, e.EndPoint, e.Kind),
            });
            var host = new OperatorHost(api, options, new OperatorHostSettings
            {
                Identity = identity,
                TestSuites = options.TestSuiteEndpoint is { } endpoint ? TestSuites(endpoint) : null,
                Redis = redis,
                AutoscalerMetrics = autoscalerMetrics,
                LeaderElection = !parse.GetValue(leaderElect) ? null : new LeaderElectionOptions
                {
                    LeaseName = parse.GetValue(leaseName)!,
                    LeaseNamespace = parse.GetValue(leaseNamespace) ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? ns,
                    Identity = identity,
                },
            }, loggers);

            var servers = new List<Task>();
            var serverLogger = loggers.CreateLogger<HealthServer>();
            if (parse.GetValue(healthPort) is { } health)
            {
                servers.Add(new HealthServer(health, () => host.IsSynced, null, serverLogger).RunQuietlyAsync(cancellationToken));
            }

            if (parse.GetValue(metricsPort) is { } port)
            {
                servers.Add(new HealthServer(port, () => host.IsSynced, metrics, serverLogger).RunQuietlyAsync(cancellationToken));
            }

            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(servers).ConfigureAwait(false);
            return 0;
        });

        var root = new RootCommand("letscode-operator: reconciles Submission and WarmPool resources into hardened sandbox pods") { render, run };
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            // SIGTERM cancels the token; give in-flight work time to stop and the Lease time to be released (pods get 30 s).
            ProcessTerminationTimeout = TimeSpan.FromSeconds(25),
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where the chart passes the Redis connection string (from its Secret; see docs/helm.md).</summary>
    public const string RedisEnvironmentVariable = "LETSCODE_REDIS";

    private static Judging.HttpTestSuiteSource TestSuites(Uri endpoint)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        if (Environment.GetEnvironmentVariable("LETSCODE_INTERNAL_TOKEN") is { Length: > 0 } token)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return new Judging.HttpTestSuiteSource(http, endpoint);
    }

    private static OperatorOptions Options(string ns, bool runtimeDefault, int? quotaPods, string? quotaCpu, string? quotaMemory) => new()
    {
        Namespace = ns,
        Pod = new SandboxPodOptions { LocalhostSeccompProfiles = !runtimeDefault },
        Quota = quotaPods is null && quotaCpu is null && quotaMemory is null
            ? null
            : new NamespaceQuotaOptions { Pods = quotaPods, Cpu = quotaCpu, Memory = quotaMemory },
    };
}
