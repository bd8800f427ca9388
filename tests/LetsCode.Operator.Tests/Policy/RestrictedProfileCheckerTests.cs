using System.Text.Json.Nodes;
using LetsCode.Operator.Configuration;
using LetsCode.Operator.Policy;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Tests.Support;

namespace LetsCode.Operator.Tests.Policy;

public sealed class RestrictedProfileCheckerTests
{
    public static TheoryData<string, string?, bool> Variants => new()
    {
        { "python3", null, true },
        { "python3", "custom/profile.json", true },
        { "cpp", null, false },
        { "java", null, true },
        { "javascript", null, true },
        { "bash", null, true },
        { "rust", null, true },
        { "some-new-language", null, true },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_rendered_pod_passes_the_restricted_profile(string language, string? seccomp, bool localhostProfiles)
    {
        var renderer = new SandboxPodRenderer(new SandboxPodOptions { LocalhostSeccompProfiles = localhostProfiles });
        var pool = Samples.Pool(language, seccomp);
        Assert.Empty(RestrictedProfileChecker.Check(renderer.RenderIdle(pool)));
        Assert.Empty(RestrictedProfileChecker.Check(renderer.RenderCold(pool, Samples.Submission(language), 1)));
    }

    [Fact]
    public void Every_pod_the_render_command_prints_for_the_samples_passes()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "crds", "samples"), "*.yaml"))
        {
            var objects = new ManifestRenderer(new OperatorOptions()).Render(File.ReadAllText(file));
            foreach (var pod in objects.OfType<LetsCode.Kubernetes.Models.Pod>())
            {
                Assert.Empty(RestrictedProfileChecker.Check(pod));
            }
        }
    }

    [Fact]
    public void A_minimal_pod_fails_the_controls_it_leaves_unset()
    {
        var pod = JsonNode.Parse("""{"spec":{"containers":[{"name":"c","image":"x"}]}}""")!;
        var controls = RestrictedProfileChecker.Check(pod).Select(v => v.Control).ToHashSet();
        Assert.Equal(["Capabilities", "Privilege Escalation", "Running as Non-root", "Seccomp"], controls.Order());
    }

    public static TheoryData<string, string> Violations => new()
    {
        { """{"spec":{"hostNetwork":true}}""", "Host Namespaces" },
        { """{"spec":{"hostPID":true}}""", "Host Namespaces" },
        { """{"spec":{"hostIPC":true}}""", "Host Namespaces" },
        { """{"spec":{"volumes":[{"name":"h","hostPath":{"path":"/"}}]}}""", "HostPath Volumes" },
        { """{"spec":{"volumes":[{"name":"n","nfs":{"server":"x","path":"/"}}]}}""", "Volume Types" },
        { """{"spec":{"securityContext":{"sysctls":[{"name":"kernel.msgmax","value":"1"}]}}}""", "Sysctls" },
        { """{"spec":{"securityContext":{"runAsUser":0}}}""", "Running as Non-root user" },
        { """{"spec":{"securityContext":{"seccompProfile":{"type":"Unconfined"}}}}""", "Seccomp" },
        { """{"spec":{"securityContext":{"seLinuxOptions":{"type":"spc_t"}}}}""", "SELinux" },
        { """{"spec":{"securityContext":{"seLinuxOptions":{"user":"root"}}}}""", "SELinux" },
        { """{"spec":{"securityContext":{"windowsOptions":{"hostProcess":true}}}}""", "HostProcess" },
        { """{"metadata":{"annotations":{"container.apparmor.security.beta.kubernetes.io/c":"unconfined"}}}""", "AppArmor" },
        { """{"container":{"privileged":true}}""", "Privileged Containers" },
        { """{"container":{"capabilities":{"drop":["ALL"],"add":["SYS_ADMIN"]}}}""", "Capabilities" },
        { """{"container":{"capabilities":{"drop":["NET_RAW"]}}}""", "Capabilities" },
        { """{"container":{"allowPrivilegeEscalation":true}}""", "Privilege Escalation" },
        { """{"container":{"runAsNonRoot":false}}""", "Running as Non-root" },
        { """{"container":{"runAsUser":0}}""", "Running as Non-root user" },
        { """{"container":{"procMount":"Unmasked"}}""", "/proc Mount Type" },
        { """{"container":{"appArmorProfile":{"type":"Unconfined"}}}""", "AppArmor" },
        { """{"container":{"seccompProfile":{"type":"Unconfined"}}}""", "Seccomp" },
        { """{"ports":[{"containerPort":80,"hostPort":80}]}""", "Host Ports" },
    };

    /// <summary>Start from a rendered (passing) pod, break one control, and the checker names exactly that control.</summary>
    [Theory]
    [MemberData(nameof(Violations))]
    public void Each_control_is_enforced(string change, string control)
    {
        var pod = ManifestRenderer.ToJson(new SandboxPodRenderer().RenderIdle(Samples.Pool()));
        var patch = JsonNode.Parse(change)!.AsObject();
        var container = pod["spec"]!["containers"]![0]!.AsObject();
        if (patch["container"] is JsonObject securityChange)
        {
            Merge(container["securityContext"]!.AsObject(), securityChange);
        }
        else if (patch["ports"] is JsonArray ports)
        {
            container["ports"] = ports.DeepClone();
        }
        else
        {
            Merge(pod.AsObject(), patch);
        }

        var violations = RestrictedProfileChecker.Check(pod);
        Assert.NotEmpty(violations);
        Assert.All(violations, v => Assert.Equal(control, v.Control));
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is JsonObject child && target[key] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
