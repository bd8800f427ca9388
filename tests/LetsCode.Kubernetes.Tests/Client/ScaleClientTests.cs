using LetsCode.Kubernetes.Client;
using LetsCode.Kubernetes.Models;
using LetsCode.Kubernetes.Tests.CustomResources;
using LetsCode.Kubernetes.Tests.Support;

namespace LetsCode.Kubernetes.Tests.Client;

public sealed class ScaleClientTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task The_scale_subresource_reads_and_writes_the_mapped_paths_with_optimistic_locking()
    {
        using var client = fixture.CreateClient();
        var ns = await InstallAsync(client);
        var gizmos = client.For(Gizmos.Type);
        await gizmos.CreateAsync(new Gizmo { Metadata = new ObjectMeta { Namespace = ns, Name = "g" }, Spec = new GizmoSpec { Count = 2, Color = "blue" } });
        var withStatus = await gizmos.PatchStatusAsync(ns, "g", new MergePatchBuilder()
            .Set(["status", "count"], 1).Set(["status", "selector"], "app=g").Build());

        var scales = client.ScaleFor(Gizmos.Type.Descriptor);
        var scale = await scales.GetScaleAsync(ns, "g");
        Assert.Equal(("autoscaling/v1", "Scale"), (scale.ApiVersion, scale.Kind));
        Assert.Equal(2, scale.Spec!.Replicas);
        Assert.Equal(1, scale.Status!.Replicas);
        Assert.Equal("app=g", scale.Status.Selector);
        Assert.Equal(withStatus.Metadata.ResourceVersion, scale.Metadata.ResourceVersion);

        // PUT with the read resourceVersion: the object's spec.count changes, nothing else does.
        var replaced = await scales.ReplaceScaleAsync(ns, "g", new Scale
        {
            Metadata = new ObjectMeta { ResourceVersion = scale.Metadata.ResourceVersion },
            Spec = new ScaleSpec { Replicas = 5 },
        });
        Assert.Equal(5, replaced.Spec!.Replicas);
        var stored = await gizmos.GetAsync(ns, "g");
        Assert.Equal((5, "blue", 1), (stored.Spec!.Count, stored.Spec.Color, stored.Status!.Count));

        // The same stale resourceVersion again: someone changed the object meanwhile.
        await Assert.ThrowsAsync<ConflictException>(() => scales.ReplaceScaleAsync(ns, "g", new Scale
        {
            Metadata = new ObjectMeta { ResourceVersion = scale.Metadata.ResourceVersion },
            Spec = new ScaleSpec { Replicas = 7 },
        }));

        var patched = await scales.PatchScaleAsync(ns, "g", new MergePatchBuilder().Set(["spec", "replicas"], 3).Build());
        Assert.Equal(3, patched.Spec!.Replicas);
        Assert.Equal(3, (await gizmos.GetAsync(ns, "g")).Spec!.Count);
    }

    [Fact]
    public async Task Bad_scales_are_refused_clearly()
    {
        using var client = fixture.CreateClient();
        var ns = await InstallAsync(client);
        var scales = client.ScaleFor(Gizmos.Type.Descriptor);

        await Assert.ThrowsAsync<NotFoundException>(() => scales.GetScaleAsync(ns, "missing"));
        await Assert.ThrowsAsync<ArgumentException>(() => scales.ReplaceScaleAsync(ns, "g", new Scale { Spec = new ScaleSpec { Replicas = -1 } }));
        await client.For(Gizmos.Type).CreateAsync(new Gizmo { Metadata = new ObjectMeta { Namespace = ns, Name = "g" }, Spec = new GizmoSpec { Count = 1 } });
        await Assert.ThrowsAsync<InvalidException>(() => scales.PatchScaleAsync(ns, "g", new MergePatchBuilder().Set(["spec", "replicas"], -2).Build()));

        // A kind without a scale subresource has no such path.
        var widgets = client.ScaleFor(TestResources.Widgets.Descriptor);
        await Assert.ThrowsAsync<NotFoundException>(() => widgets.GetScaleAsync(ns, "g"));
    }

    private static async Task<string> InstallAsync(KubernetesApiClient client)
    {
        var definitions = client.For(TestResources.CustomResourceDefinitions);
        foreach (var definition in new[] { Gizmos.Definition(), TestResources.WidgetDefinition() })
        {
            if (await definitions.TryGetAsync(null, definition.Metadata.Name!) is null)
            {
                await definitions.CreateAsync(definition);
            }
        }

        var ns = await SimulatorFixture.CreateNamespaceAsync(client);
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await client.For(Gizmos.Type).ListAsync(ns);
                await client.For(TestResources.Widgets).ListAsync(ns);
                return true;
            }
            catch (NotFoundException)
            {
                return false;
            }
        }, "the CRDs are served");
        return ns;
    }
}
