using System.Globalization;
using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Simulator.Api;
using LetsCode.Kubernetes.Simulator.Controllers;
using LetsCode.Kubernetes.Simulator.Exec;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LetsCode.Kubernetes.Simulator;

/// <summary>
/// A Kubernetes API server simulator on loopback (plain HTTP, no authentication), for tests and local tries.
/// It is not a Kubernetes API server: see docs/simulator.md for what it implements.
/// </summary>
public sealed class KubernetesSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ObjectStore _store;
    private readonly WatchStreamer _watches;
    private readonly ControllerLoop _controllers;
    private readonly ExecEndpoint _exec;

    private KubernetesSimulator(WebApplication app, Uri baseAddress, FaultInjector faults, SimulatedKubelet kubelet,
        ObjectStore store, WatchStreamer watches, ControllerLoop controllers, ExecEndpoint exec)
    {
        _exec = exec;
        _app = app;
        BaseAddress = baseAddress;
        Faults = faults;
        Kubelet = kubelet;
        _store = store;
        _watches = watches;
        _controllers = controllers;
    }

    /// <summary>Plain http://127.0.0.1:PORT.</summary>
    public Uri BaseAddress { get; }

    public FaultInjector Faults { get; }

    public SimulatedKubelet Kubelet { get; }

    /// <summary>Starts serving on 127.0.0.1 (port 0: a free one).</summary>
    public static async Task<KubernetesSimulator> StartAsync(SimulatorOptions? options = null, int port = 0,
        CancellationToken cancellationToken = default)
    {
        options ??= new SimulatorOptions();
        var faults = new FaultInjector();
        var kubelet = new SimulatedKubelet(options.PodStartDelay);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(KubernetesSimulator).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, Hosting.NoConsoleLifetime>();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();

        var store = new ObjectStore(options.WatchWindow);
        var operations = new ResourceOperations(store, new ResourceRegistry(), () => kubelet.PodTerminationDelay);
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            operations.Create(BuiltInResources.Namespaces, "v1", null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        }

        var watches = new WatchStreamer(store, faults, options.BookmarkInterval);
        var exec = new ExecEndpoint(operations, options.ExecHandler ?? new SimulatedExecHandler());
        Uri? baseAddress = null;
        var handler = new ApiHandler(operations, watches, exec, faults, () => baseAddress!);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Run(handler.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        var boundPort = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port;
        baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{boundPort}"));
        var controllers = new ControllerLoop(operations, kubelet, TimeProvider.System);
        return new KubernetesSimulator(app, baseAddress, faults, kubelet, store, watches, controllers, exec);
    }

    /// <summary>Writes a kubeconfig whose current context points kubectl at this simulator.</summary>
    public void WriteKubeconfig(string path) => File.WriteAllText(path, Kubeconfig.Render(BaseAddress));

    /// <summary>Forgets the watch window: watching or continuing a list from any older resourceVersion gets 410.</summary>
    public void Compact()
    {
        lock (_store.Gate) _store.Compact();
    }

    /// <summary>The current global resourceVersion.</summary>
    public long ResourceVersion
    {
        get { lock (_store.Gate) return _store.ResourceVersion; }
    }

    /// <summary>How many watch streams are open right now.</summary>
    public int OpenWatches => _watches.OpenCount;

    public async ValueTask DisposeAsync()
    {
        await _controllers.DisposeAsync().ConfigureAwait(false);
        Faults.DropWatches();
        _exec.CutAll();
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(shutdown.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
