using LetsCode.Kubernetes.Models;

namespace LetsCode.Kubernetes.Tests.Models;

public sealed class KubernetesObjectExtensionsTests
{
    [Fact]
    public void Controller_references_and_ownership()
    {
        var owner = new ConfigMap { Metadata = new ObjectMeta { Name = "pool", Uid = "u-1" } };
        var reference = owner.ControllerReference();
        Assert.Equal(("v1", "ConfigMap", "pool", "u-1", true, true),
            (reference.ApiVersion, reference.Kind, reference.Name, reference.Uid, reference.Controller, reference.BlockOwnerDeletion));

        var owned = new Pod { Metadata = new ObjectMeta { OwnerReferences = [new OwnerReference { Uid = "other" }, reference] } };
        Assert.Same(reference, owned.ControllerOf());
        Assert.True(owned.IsControlledBy(owner));
        Assert.False(owned.IsControlledBy(new ConfigMap { Metadata = new ObjectMeta { Uid = "u-2" } }));
        Assert.Throws<ArgumentException>(() => new ConfigMap { Metadata = new ObjectMeta { Name = "not-read" } }.ControllerReference());
    }

    [Fact]
    public void Finalizers_deletion_labels()
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta
            {
                Finalizers = ["letscode.dev/cleanup"],
                DeletionTimestamp = DateTimeOffset.UnixEpoch,
                Labels = new() { ["a"] = "1" },
            },
        };
        Assert.True(pod.HasFinalizer("letscode.dev/cleanup"));
        Assert.False(pod.HasFinalizer("other"));
        Assert.True(pod.IsBeingDeleted());
        Assert.Equal("1", pod.Label("a"));
        Assert.Null(pod.Annotation("a"));
    }
}
