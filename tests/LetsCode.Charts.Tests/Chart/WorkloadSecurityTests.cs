using LetsCode.Charts.Tests.Helm;

namespace LetsCode.Charts.Tests.Chart;

[Collection(HelmCollection.Name)]
public sealed class WorkloadSecurityTests
{
    private readonly HelmCli _helm;

    public WorkloadSecurityTests(HelmCli helm) => _helm = helm;

    [Theory]
    [InlineData("defaults")]
    [InlineData("external")]
    public async Task Every_deployment_statefulset_and_test_pod_passes_the_restricted_profile(string setup)
    {
        var chart = setup == "defaults"
            ? await _helm.TemplateAsync()
            : await _helm.TemplateAsync("--set", "postgresql.external.connectionString=Host=db", "--set", "redis.external.connectionString=r:6379");
        var workloads = chart.Workloads.Where(w => w.Kind is "Deployment" or "StatefulSet" or "Pod").ToList();
        Assert.Equal(setup == "defaults" ? 5 : 3, workloads.Count);

        var violations = workloads
            .SelectMany(w => PodSecurity.RestrictedViolations(w).Select(v => $"{w}: {v}"))
            .ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task Only_the_seccomp_installer_uses_a_host_path_and_it_is_confined()
    {
        var chart = await _helm.TemplateAsync();
        var withHostPath = chart.Workloads.Where(w => PodSecurity.HostPathVolumes(w).Any()).ToList();
        var installer = Assert.Single(withHostPath);
        Assert.Equal("DaemonSet", installer.Kind);
        Assert.Equal(ChartRenderer.ReleaseNamespace, installer.Namespace);

        var hostPath = Assert.Single(PodSecurity.HostPathVolumes(installer));
        Assert.Equal("/var/lib/kubelet/seccomp/profiles/letscode", hostPath.Str("hostPath", "path"));
        var pod = installer.PodSpec;
        Assert.Equal("false", pod.Str("automountServiceAccountToken"));
        Assert.Null(pod.Str("hostNetwork"));
        Assert.Null(pod.Str("hostPID"));
        foreach (var container in installer.AllContainers)
        {
            Assert.NotEqual("true", container.Str("securityContext", "privileged"));
            Assert.Equal("false", container.Str("securityContext", "allowPrivilegeEscalation"));
            Assert.Equal(["ALL"], container.At("securityContext", "capabilities", "drop").Strings());
            Assert.Null(container.At("securityContext", "capabilities", "add"));
            Assert.Equal("true", container.Str("securityContext", "readOnlyRootFilesystem"));
        }

        // Only the init container that copies the files sees the host directory; the long-running one is pause.
        var mountsHost = installer.AllContainers.Where(c => c.At("volumeMounts").Items().Any(m => m.Str("name") == hostPath.Str("name"))).ToList();
        Assert.Equal("install", Assert.Single(mountsHost).Str("name"));
        Assert.Contains("pause", Assert.Single(installer.PodSpec.At("containers").Items()).Str("image"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabling_the_installer_leaves_no_host_path_and_no_root_container()
    {
        var chart = await _helm.TemplateAsync("--set", "seccomp.installer.enabled=false");
        Assert.Empty(chart.OfKind("DaemonSet"));
        Assert.DoesNotContain(chart.Workloads, w => PodSecurity.HostPathVolumes(w).Any());
        Assert.All(chart.Workloads, w => Assert.Empty(PodSecurity.RestrictedViolations(w)));
    }

    [Fact]
    public async Task Only_the_api_and_operator_get_a_service_account_token()
    {
        var chart = await _helm.TemplateAsync();
        var withToken = chart.Workloads
            .Where(w => w.PodSpec.Str("automountServiceAccountToken") != "false")
            .Select(w => w.Name)
            .Order()
            .ToList();
        Assert.Equal(["letscode-api", "letscode-operator"], withToken);
        Assert.All(chart.Workloads, w => Assert.Equal("false", w.PodSpec.Str("enableServiceLinks")));
    }
}
