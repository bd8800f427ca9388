using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Informers;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Tests.Support;
using LetsCode.Kubernetes.Watch;

namespace LetsCode.Kubernetes.Tests.CustomResources;

public sealed class CustomResourceTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task A_registered_custom_kind_gets_every_verb_the_status_subresource_and_an_informer()
    {
        using var client = fixture.CreateClient();
        var definitions = client.For(TestResources.CustomResourceDefinitions);
        if (await definitions.TryGetAsync(null, "widgets.example.letscode.dev") is null)
        {
            await definitions.CreateAsync(TestResources.WidgetDefinition());
        }

        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        var widgets = client.For(TestResources.Widgets);
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await widgets.ListAsync(ns);
                return true;
            }
            catch (NotFoundException)
            {
                return false;
            }
        }, "the CRD is served");

        var informer = new Informer<Widget>(widgets, new ResilientWatchOptions { Namespace = ns });
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);

        var created = await widgets.CreateAsync(new Widget { Metadata = new ObjectMeta { Namespace = ns, Name = "w" }, Spec = new WidgetSpec { Color = "red", Size = 3 } });
        Assert.Equal(1, created.Metadata.Generation);

        var withStatus = await widgets.PatchStatusAsync(ns, "w", new MergePatchBuilder()
            .Set(["status", "phase"], "Ready").Set(["status", "observedGeneration"], 1).Build());
        Assert.Equal("Ready", withStatus.Status!.Phase);
        Assert.Equal(created.Metadata.Generation, withStatus.Metadata.Generation);

        withStatus.Spec!.Size = 4;
        withStatus.Status.Phase = "ignored by a spec update";
        var replaced = await widgets.ReplaceAsync(withStatus);
        Assert.Equal(4, replaced.Spec!.Size);
        Assert.Equal("Ready", replaced.Status!.Phase);
        Assert.Equal(2, replaced.Metadata.Generation);

        await Eventually.TrueAsync(() => informer.Cache.Get(ns, "w")?.Metadata.ResourceVersion == replaced.Metadata.ResourceVersion, "the informer sees the widget");

        await widgets.DeleteAsync(ns, "w");
        await Eventually.TrueAsync(() => informer.Cache.Get(ns, "w") is null, "the informer sees the delete");
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
