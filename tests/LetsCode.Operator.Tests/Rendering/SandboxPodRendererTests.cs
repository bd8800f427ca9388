using LetsCode.Operator.Configuration;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Tests.Support;

namespace LetsCode.Operator.Tests.Rendering;

public sealed class SandboxPodRendererTests
{
    [Fact]
    public void An_idle_pod_is_hardened_as_the_issue_lists()
    {
        var pool = Samples.Pool();
        var pod = new SandboxPodRenderer().RenderIdle(pool);
        var spec = pod.Spec!;
        var container = Assert.Single(spec.Containers!);

        Assert.Equal("gvisor", spec.RuntimeClassName);
        Assert.False(spec.AutomountServiceAccountToken);
        Assert.False(spec.EnableServiceLinks);
        Assert.Equal("None", spec.DnsPolicy);
        // A valid dnsPolicy None needs one nameserver; loopback in the pod's own network namespace answers nothing.
        Assert.NotNull(spec.DnsConfig);
        Assert.Equal(["127.0.0.1"], spec.DnsConfig.Nameservers!);
        Assert.Null(spec.DnsConfig.Searches);
        Assert.Equal("Never", spec.RestartPolicy);
        Assert.True(spec.ActiveDeadlineSeconds > 0);
        Assert.Equal(pool.Spec.NodeSelector, spec.NodeSelector);
        Assert.Equal("sandbox", Assert.Single(spec.Tolerations!).Key);

        // The only writable path: one size-limited emptyDir.
        var volume = Assert.Single(spec.Volumes!);
        Assert.NotNull(volume.EmptyDir?.SizeLimit);
        Assert.Equal(volume.Name, Assert.Single(container.VolumeMounts!).Name);
        Assert.True(container.SecurityContext!.ReadOnlyRootFilesystem);

        Assert.Equal(container.Resources!.Requests, container.Resources.Limits);
        Assert.Equal(["cpu", "ephemeral-storage", "memory"], container.Resources.Limits!.Keys.Order());
        Assert.Equal("Localhost", container.SecurityContext.SeccompProfile!.Type);
        Assert.Equal("profiles/letscode/python.json", container.SecurityContext.SeccompProfile.LocalhostProfile);

        var labels = pod.Metadata.Labels!;
        Assert.Equal("idle", labels[SandboxLabels.State]);
        Assert.Equal("python3", labels[SandboxLabels.Pool]);
        Assert.Equal("python3", labels[SandboxLabels.Language]);
        Assert.Equal("true", labels[SandboxLabels.Sandbox]);
        Assert.Equal("letscode-operator", labels[SandboxLabels.ManagedBy]);
        var owner = Assert.Single(pod.Metadata.OwnerReferences!);
        Assert.Equal(("WarmPool", pool.Metadata.Uid, true), (owner.Kind, owner.Uid, owner.Controller!.Value));
        Assert.Equal("python3-", pod.Metadata.GenerateName);
    }

    [Fact]
    public void Seccomp_falls_back_to_RuntimeDefault_when_configured_or_unknown()
    {
        var runtimeDefault = new SandboxPodRenderer(new SandboxPodOptions { LocalhostSeccompProfiles = false }).RenderIdle(Samples.Pool());
        Assert.Equal("RuntimeDefault", runtimeDefault.Spec!.SecurityContext!.SeccompProfile!.Type);
        var unknown = new SandboxPodRenderer().RenderIdle(Samples.Pool("brainfuck"));
        Assert.Equal("RuntimeDefault", unknown.Spec!.SecurityContext!.SeccompProfile!.Type);
        var own = new SandboxPodRenderer().RenderIdle(Samples.Pool(seccomp: "x/y.json"));
        Assert.Equal(("Localhost", "x/y.json"), (own.Spec!.SecurityContext!.SeccompProfile!.Type, own.Spec.SecurityContext.SeccompProfile.LocalhostProfile));
    }

    [Fact]
    public void The_family_profiles_named_exist_in_the_seccomp_folder()
    {
        foreach (var language in new[] { "python3", "javascript", "java", "c", "cpp", "rust", "bash" })
        {
            var family = SeccompProfiles.FamilyOf(language);
            Assert.True(File.Exists(Path.Combine(TestPaths.RepositoryRoot, "seccomp", $"{family}.json")), $"seccomp/{family}.json for {language}");
        }
    }

    [Fact]
    public void A_cold_pod_is_claimed_from_birth_owned_by_its_submission_and_named_per_attempt()
    {
        var submission = Samples.Submission();
        var pod = new SandboxPodRenderer().RenderCold(Samples.Pool(), submission, attempt: 2);
        Assert.Equal("claimed", pod.Metadata.Labels![SandboxLabels.State]);
        Assert.Equal(submission.Metadata.Uid, pod.Metadata.Labels[SandboxLabels.Submission]);
        Assert.Equal("2", pod.Metadata.Annotations![SandboxLabels.Attempt]);
        Assert.Equal("Submission", Assert.Single(pod.Metadata.OwnerReferences!).Kind);
        Assert.Equal(SandboxPodRenderer.ColdPodName(submission, 2), pod.Metadata.Name);
        Assert.NotEqual(SandboxPodRenderer.ColdPodName(submission, 1), pod.Metadata.Name);
        Assert.True(pod.Metadata.Name!.Length <= 63);
    }

    [Fact]
    public void The_network_policy_denies_all_ingress_and_egress_of_sandbox_pods()
    {
        var policy = NamespaceObjectsRenderer.DenyAllNetworkPolicy("sandbox");
        Assert.Equal(["Ingress", "Egress"], policy.Spec!.PolicyTypes!);
        Assert.Null(policy.Spec.Ingress);
        Assert.Null(policy.Spec.Egress);
        Assert.Equal("true", policy.Spec.PodSelector!.MatchLabels![SandboxLabels.Sandbox]);
        Assert.Equal("true", new SandboxPodRenderer().RenderIdle(Samples.Pool()).Metadata.Labels![SandboxLabels.Sandbox]);
    }

    [Fact]
    public void Quota_and_limit_range_only_when_configured()
    {
        Assert.Null(NamespaceObjectsRenderer.Quota("s", null));
        Assert.Null(NamespaceObjectsRenderer.Limits("s", null));
        var options = new NamespaceQuotaOptions { Pods = 20, Cpu = "16", Memory = "32Gi" };
        var quota = NamespaceObjectsRenderer.Quota("s", options)!;
        Assert.Equal("20", quota.Spec!.Hard!["pods"]);
        Assert.Equal("16", quota.Spec.Hard["limits.cpu"]);
        Assert.Equal("32Gi", quota.Spec.Hard["requests.memory"]);
        var item = Assert.Single(NamespaceObjectsRenderer.Limits("s", options)!.Spec!.Limits!);
        Assert.Equal("Container", item.Type);
    }
}
