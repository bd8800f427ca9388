using LetsCode.Charts.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace LetsCode.Charts.Tests.Chart;

/// <summary>
/// The Pod Security Standards "restricted" profile (kubernetes.io/docs/concepts/security/pod-security-standards),
/// checked on a rendered pod spec, plus our own rule of read-only root filesystems. Returns every violation, so a
/// failing test names them all.
/// </summary>
public static class PodSecurity
{
    private static readonly HashSet<string> RestrictedVolumeTypes =
        ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    public static IReadOnlyList<string> RestrictedViolations(Manifest workload)
    {
        var pod = workload.PodSpec;
        var violations = new List<string>();
        foreach (var host in new[] { "hostNetwork", "hostPID", "hostIPC" })
        {
            if (pod.Bool(host) == true)
            {
                violations.Add($"{host}: true");
            }
        }

        foreach (var volume in pod.At("volumes").Items())
        {
            var type = volume.Keys().FirstOrDefault(k => k != "name");
            if (type is null || !RestrictedVolumeTypes.Contains(type))
            {
                violations.Add($"volume {volume.Str("name")} of type {type}");
            }
        }

        if (pod.At("securityContext", "sysctls").Items().Any())
        {
            violations.Add("pod sysctls");
        }

        var podNonRoot = pod.Bool("securityContext", "runAsNonRoot");
        var podUser = pod.Long("securityContext", "runAsUser");
        var podSeccomp = pod.Str("securityContext", "seccompProfile", "type");
        if (podUser == 0)
        {
            violations.Add("pod runAsUser: 0");
        }

        foreach (var container in workload.AllContainers)
        {
            var name = container.Str("name");
            var context = container.At("securityContext");
            if (context.Bool("privileged") == true)
            {
                violations.Add($"{name}: privileged");
            }

            if (context.Bool("allowPrivilegeEscalation") != false)
            {
                violations.Add($"{name}: allowPrivilegeEscalation is not false");
            }

            if (!context.At("capabilities", "drop").Strings().Contains("ALL"))
            {
                violations.Add($"{name}: capabilities do not drop ALL");
            }

            if (context.At("capabilities", "add").Strings().Any(c => c != "NET_BIND_SERVICE"))
            {
                violations.Add($"{name}: adds capabilities {string.Join(',', context.At("capabilities", "add").Strings())}");
            }

            if ((context.Bool("runAsNonRoot") ?? podNonRoot) != true)
            {
                violations.Add($"{name}: runAsNonRoot is not true");
            }

            var user = context.Long("runAsUser") ?? podUser;
            if (user is null or 0)
            {
                violations.Add($"{name}: runAsUser is {(user is null ? "unset (image default)" : "0")}");
            }

            if ((context.Str("seccompProfile", "type") ?? podSeccomp) is not ("RuntimeDefault" or "Localhost"))
            {
                violations.Add($"{name}: seccompProfile is neither RuntimeDefault nor Localhost");
            }

            if (context.Bool("readOnlyRootFilesystem") != true)
            {
                violations.Add($"{name}: root filesystem is writable");
            }

            if (container.At("ports").Items().Any(p => p.Long("hostPort") is > 0))
            {
                violations.Add($"{name}: hostPort");
            }
        }

        return violations;
    }

    public static IEnumerable<YamlNode> HostPathVolumes(Manifest workload) =>
        workload.PodSpec.At("volumes").Items().Where(v => v.At("hostPath") is not null);
}
