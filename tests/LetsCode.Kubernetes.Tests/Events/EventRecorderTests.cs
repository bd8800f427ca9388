using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Events;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Tests.Support;

namespace LetsCode.Kubernetes.Tests.Events;

public sealed class EventRecorderTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Repeats_are_aggregated_into_one_event_with_a_count()
    {
        using var client = fixture.CreateClient();
        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var involved = await client.For(KubernetesResources.ConfigMaps).CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Namespace = ns, Name = "subject" } });
        var events = client.For(KubernetesResources.Events);
        var recorder = new EventRecorder(events, "letscode-operator", "host-1");

        await recorder.RecordAsync(involved, EventKind.Warning, "PodNotReady", "pod p did not become ready");
        await recorder.RecordAsync(involved, EventKind.Warning, "PodNotReady", "pod p did not become ready");
        await recorder.RecordAsync(involved, EventKind.Warning, "PodNotReady", "pod p did not become ready");
        await recorder.RecordAsync(involved, EventKind.Normal, "Claimed", "claimed pod p");

        var list = (await events.ListAsync(ns)).Items.OrderBy(e => e.Reason).ToList();
        Assert.Equal(2, list.Count);
        Assert.Equal("Claimed", list[0].Reason);
        Assert.Equal("Normal", list[0].Type);
        var repeated = list[1];
        Assert.Equal(3, repeated.Count);
        Assert.Equal("Warning", repeated.Type);
        Assert.Equal(involved.Metadata.Uid, repeated.InvolvedObject!.Uid);
        Assert.Equal("ConfigMap", repeated.InvolvedObject.Kind);
        Assert.Equal("letscode-operator", repeated.Source!.Component);
        Assert.NotNull(repeated.FirstTimestamp);
        Assert.True(repeated.LastTimestamp >= repeated.FirstTimestamp);
    }

    [Fact]
    public async Task Failures_are_swallowed()
    {
        using var client = fixture.CreateClient(new KubernetesClientOptions { MaxThrottleRetries = 0 });
        var recorder = new EventRecorder(client.For(KubernetesResources.Events), "letscode-operator");
        var orphan = new ConfigMap { Metadata = new ObjectMeta { Namespace = "no-such-namespace-" + Guid.NewGuid().ToString("N")[..8], Name = "x" } };
        fixture.Simulator.Faults.ErrorRate = 1;
        try
        {
            await recorder.RecordAsync(orphan, EventKind.Normal, "Reason", "message");
        }
        finally
        {
            fixture.Simulator.Faults.ErrorRate = 0;
        }
    }
}
