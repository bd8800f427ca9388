using LetsCode.Charts.Tests.Helm;
using LetsCode.Charts.Tests.Yaml;

namespace LetsCode.Charts.Tests.Chart;

[Collection(HelmCollection.Name)]
public sealed class SandboxNamespaceTests
{
    private const string Sandbox = "letscode-sandbox";
    private readonly HelmCli _helm;

    public SandboxNamespaceTests(HelmCli helm) => _helm = helm;

    [Fact]
    public async Task The_namespace_enforces_the_restricted_pod_security_profile()
    {
        var chart = await _helm.TemplateAsync();
        var ns = chart.Single("Namespace", Sandbox);
        foreach (var mode in new[] { "enforce", "audit", "warn" })
        {
            Assert.Equal("restricted", ns.Str("metadata", "labels", $"pod-security.kubernetes.io/{mode}"));
            Assert.Equal("latest", ns.Str("metadata", "labels", $"pod-security.kubernetes.io/{mode}-version"));
        }
    }

    [Fact]
    public async Task Only_policy_objects_and_warm_pools_live_in_the_sandbox_namespace()
    {
        var chart = await _helm.TemplateAsync();
        var kinds = chart.InNamespace(Sandbox).Select(m => m.Kind).Distinct().Order().ToList();
        Assert.Equal(["LimitRange", "NetworkPolicy", "ResourceQuota", "Role", "RoleBinding", "WarmPool"], kinds);
        Assert.DoesNotContain(chart.Workloads, w => w.Namespace == Sandbox);
    }

    [Fact]
    public async Task A_network_policy_denies_all_ingress_and_egress_of_every_pod()
    {
        var chart = await _helm.TemplateAsync();
        var policy = Assert.Single(chart.OfKind("NetworkPolicy"));
        Assert.Equal(Sandbox, policy.Namespace);
        Assert.Empty(policy.At("spec", "podSelector").Keys());
        Assert.Equal(["Ingress", "Egress"], policy.At("spec", "policyTypes").Strings());
        Assert.Empty(policy.At("spec", "ingress").Items());
        Assert.Empty(policy.At("spec", "egress").Items());
    }

    [Fact]
    public async Task Quota_and_limit_range_bound_the_namespace_and_every_container()
    {
        var chart = await _helm.TemplateAsync("--set", "sandbox.resourceQuota.pods=50");
        var quota = Assert.Single(chart.OfKind("ResourceQuota"));
        Assert.Equal(Sandbox, quota.Namespace);
        Assert.Equal("50", quota.Str("spec", "hard", "pods"));
        foreach (var resource in new[] { "requests.cpu", "limits.cpu", "requests.memory", "limits.memory", "limits.ephemeral-storage" })
        {
            Assert.NotNull(quota.Str("spec", "hard", resource));
        }

        Assert.Equal("0", quota.Str("spec", "hard", "services"));
        Assert.Equal("0", quota.Str("spec", "hard", "persistentvolumeclaims"));

        var limits = Assert.Single(chart.OfKind("LimitRange"));
        Assert.Equal(Sandbox, limits.Namespace);
        var container = Assert.Single(limits.At("spec", "limits").Items());
        Assert.Equal("Container", container.Str("type"));
        foreach (var section in new[] { "max", "default", "defaultRequest" })
        {
            Assert.NotNull(container.Str(section, "cpu"));
            Assert.NotNull(container.Str(section, "memory"));
            Assert.NotNull(container.Str(section, "ephemeral-storage"));
        }

        Assert.Equal(container.Str("default", "memory"), container.Str("defaultRequest", "memory"));
    }

    [Fact]
    public async Task Policy_objects_can_be_switched_off_and_the_namespace_can_be_external()
    {
        var chart = await _helm.TemplateAsync(
            "--set", "sandbox.createNamespace=false", "--set", "sandbox.resourceQuota.enabled=false",
            "--set", "sandbox.limitRange.enabled=false", "--set", "sandbox.networkPolicy.enabled=false");
        Assert.Empty(chart.OfKind("Namespace"));
        Assert.Empty(chart.OfKind("ResourceQuota"));
        Assert.Empty(chart.OfKind("LimitRange"));
        Assert.Empty(chart.OfKind("NetworkPolicy"));
        Assert.Equal(3, chart.OfKind("WarmPool").Count(w => w.Namespace == Sandbox));
    }

    [Fact]
    public async Task The_gvisor_runtime_class_uses_the_runsc_handler_and_is_optional()
    {
        var chart = await _helm.TemplateAsync("--set-string", "runtimeClass.nodeSelector.sandbox\\.gvisor=true");
        var runtime = chart.Single("RuntimeClass", "gvisor");
        Assert.Equal("runsc", runtime.Str("handler"));
        Assert.Equal("true", runtime.Str("scheduling", "nodeSelector", "sandbox.gvisor"));

        var without = await _helm.TemplateAsync("--set", "runtimeClass.create=false");
        Assert.Empty(without.OfKind("RuntimeClass"));
    }

    [Fact]
    public async Task The_sandbox_namespace_cannot_be_the_release_namespace()
    {
        var result = await _helm.TryRunAsync(
            "template", ChartRenderer.Release, HelmCli.ChartDirectory, "--namespace", Sandbox);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("must differ from the release namespace", result.Stderr, StringComparison.Ordinal);
    }
}
