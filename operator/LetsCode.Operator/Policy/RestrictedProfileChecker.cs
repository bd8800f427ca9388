using System.Text.Json;
using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Models;

namespace LetsCode.Operator.Policy;

/// <summary>
/// Checks a pod against the Pod Security Standards "restricted" profile (which includes "baseline"), control by
/// control as https://kubernetes.io/docs/concepts/security/pod-security-standards/ lists them. It works on the pod's
/// JSON, not on our model, so it sees every field (including ones our model does not have, such as hostPath or
/// hostPort) and can check pods from any source. Pure.
/// </summary>
public static class RestrictedProfileChecker
{
    /// <summary>Baseline: capabilities that may be added. Restricted narrows it to NET_BIND_SERVICE.</summary>
    public static readonly IReadOnlySet<string> RestrictedAddableCapabilities = new HashSet<string>(StringComparer.Ordinal) { "NET_BIND_SERVICE" };

    /// <summary>Restricted: the only volume types allowed.</summary>
    public static readonly IReadOnlySet<string> AllowedVolumeTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
    };

    /// <summary>Baseline: the "safe" sysctls (namespaced and isolated from other pods).</summary>
    public static readonly IReadOnlySet<string> SafeSysctls = new HashSet<string>(StringComparer.Ordinal)
    {
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    };

    private static readonly HashSet<string> AllowedSeLinuxTypes = new(StringComparer.Ordinal)
    {
        "container_t", "container_init_t", "container_kvm_t", "container_engine_t",
    };

    private static readonly string[] ContainerLists = ["containers", "initContainers", "ephemeralContainers"];

    public static IReadOnlyList<PolicyViolation> Check(Pod pod) =>
        Check(JsonSerializer.SerializeToNode(pod, KubernetesJsonContext.Default.Pod) ?? new JsonObject());

    /// <summary>Checks a pod given as JSON (a Pod object; its "spec" is what is checked).</summary>
    public static IReadOnlyList<PolicyViolation> Check(JsonNode pod)
    {
        var violations = new List<PolicyViolation>();
        var spec = pod["spec"] as JsonObject ?? [];
        var podSecurity = spec["securityContext"] as JsonObject;
        var annotations = pod["metadata"]?["annotations"] as JsonObject;

        CheckHostNamespaces(spec, violations);
        CheckVolumes(spec, violations);
        CheckSysctls(podSecurity, violations);
        CheckSeLinux("spec.securityContext", podSecurity, violations);
        CheckAppArmor("spec.securityContext", podSecurity, violations);
        CheckHostProcess("spec.securityContext", podSecurity, violations);
        CheckAppArmorAnnotations(annotations, violations);
        if (Long(podSecurity?["runAsUser"]) == 0)
        {
            violations.Add(new("Running as Non-root user", "spec.securityContext.runAsUser", "must not be 0"));
        }

        var podRunAsNonRoot = Bool(podSecurity?["runAsNonRoot"]);
        var podSeccomp = Str(podSecurity?["seccompProfile"]?["type"]);
        if (podSeccomp is not null && podSeccomp is not ("RuntimeDefault" or "Localhost"))
        {
            violations.Add(new("Seccomp", "spec.securityContext.seccompProfile.type", $"must be RuntimeDefault or Localhost, got {podSeccomp}"));
        }

        if (podRunAsNonRoot == false)
        {
            violations.Add(new("Running as Non-root", "spec.securityContext.runAsNonRoot", "must not be false"));
        }

        var containerCount = 0;
        foreach (var list in ContainerLists)
        {
            if (spec[list] is not JsonArray containers)
            {
                continue;
            }

            for (var i = 0; i < containers.Count; i++)
            {
                if (containers[i] is not JsonObject container)
                {
                    continue;
                }

                containerCount++;
                CheckContainer($"spec.{list}[{i}]", container, podRunAsNonRoot, podSeccomp, violations);
            }
        }

        if (containerCount == 0)
        {
            violations.Add(new("Pod", "spec.containers", "a pod needs at least one container"));
        }

        return violations;
    }

    private static void CheckHostNamespaces(JsonObject spec, List<PolicyViolation> violations)
    {
        foreach (var field in new[] { "hostNetwork", "hostPID", "hostIPC" })
        {
            if (Bool(spec[field]) == true)
            {
                violations.Add(new("Host Namespaces", $"spec.{field}", "must be unset or false"));
            }
        }
    }

    private static void CheckVolumes(JsonObject spec, List<PolicyViolation> violations)
    {
        if (spec["volumes"] is not JsonArray volumes)
        {
            return;
        }

        for (var i = 0; i < volumes.Count; i++)
        {
            if (volumes[i] is not JsonObject volume)
            {
                continue;
            }

            foreach (var (key, value) in volume)
            {
                if (key == "name" || value is null)
                {
                    continue;
                }

                if (key == "hostPath")
                {
                    violations.Add(new("HostPath Volumes", $"spec.volumes[{i}].hostPath", "host paths are forbidden"));
                }
                else if (!AllowedVolumeTypes.Contains(key))
                {
                    violations.Add(new("Volume Types", $"spec.volumes[{i}].{key}", $"volume type {key} is not allowed"));
                }
            }
        }
    }

    private static void CheckSysctls(JsonObject? podSecurity, List<PolicyViolation> violations)
    {
        if (podSecurity?["sysctls"] is not JsonArray sysctls)
        {
            return;
        }

        for (var i = 0; i < sysctls.Count; i++)
        {
            var name = Str(sysctls[i]?["name"]);
            if (name is null || !SafeSysctls.Contains(name))
            {
                violations.Add(new("Sysctls", $"spec.securityContext.sysctls[{i}].name", $"{name ?? "(none)"} is not a safe sysctl"));
            }
        }
    }

    private static void CheckContainer(string path, JsonObject container, bool? podRunAsNonRoot, string? podSeccomp, List<PolicyViolation> violations)
    {
        var security = container["securityContext"] as JsonObject;
        if (Bool(security?["privileged"]) == true)
        {
            violations.Add(new("Privileged Containers", $"{path}.securityContext.privileged", "must be unset or false"));
        }

        // Restricted: drop must include ALL; add may name only NET_BIND_SERVICE (baseline's list is a superset).
        var capabilities = security?["capabilities"];
        if (capabilities?["add"] is JsonArray add)
        {
            foreach (var capability in add.Select(Str))
            {
                if (capability is null || !RestrictedAddableCapabilities.Contains(capability))
                {
                    violations.Add(new("Capabilities", $"{path}.securityContext.capabilities.add", $"{capability} may not be added"));
                }
            }
        }

        if (capabilities?["drop"] is not JsonArray drop || !drop.Select(Str).Contains("ALL"))
        {
            violations.Add(new("Capabilities", $"{path}.securityContext.capabilities.drop", "must include ALL"));
        }

        if (Bool(security?["allowPrivilegeEscalation"]) != false)
        {
            violations.Add(new("Privilege Escalation", $"{path}.securityContext.allowPrivilegeEscalation", "must be false"));
        }

        // runAsNonRoot: the container's value wins; unset falls back to the pod's, and one of them must say true.
        var runAsNonRoot = Bool(security?["runAsNonRoot"]);
        if (runAsNonRoot == false || (runAsNonRoot is null && podRunAsNonRoot != true))
        {
            violations.Add(new("Running as Non-root", $"{path}.securityContext.runAsNonRoot", "must be true (here or on the pod)"));
        }

        if (Long(security?["runAsUser"]) == 0)
        {
            violations.Add(new("Running as Non-root user", $"{path}.securityContext.runAsUser", "must not be 0"));
        }

        var seccomp = Str(security?["seccompProfile"]?["type"]);
        if (seccomp is not null && seccomp is not ("RuntimeDefault" or "Localhost"))
        {
            violations.Add(new("Seccomp", $"{path}.securityContext.seccompProfile.type", $"must be RuntimeDefault or Localhost, got {seccomp}"));
        }
        else if (seccomp is null && podSeccomp is null)
        {
            violations.Add(new("Seccomp", $"{path}.securityContext.seccompProfile.type", "must be set here or on the pod"));
        }

        if (Str(security?["procMount"]) is { } procMount && procMount != "Default")
        {
            violations.Add(new("/proc Mount Type", $"{path}.securityContext.procMount", $"must be Default, got {procMount}"));
        }

        CheckSeLinux($"{path}.securityContext", security, violations);
        CheckAppArmor($"{path}.securityContext", security, violations);
        CheckHostProcess($"{path}.securityContext", security, violations);

        if (container["ports"] is JsonArray ports)
        {
            for (var i = 0; i < ports.Count; i++)
            {
                if (Long(ports[i]?["hostPort"]) is { } hostPort && hostPort != 0)
                {
                    violations.Add(new("Host Ports", $"{path}.ports[{i}].hostPort", $"must be unset or 0, got {hostPort}"));
                }
            }
        }
    }

    private static void CheckSeLinux(string path, JsonObject? security, List<PolicyViolation> violations)
    {
        if (security?["seLinuxOptions"] is not JsonObject options)
        {
            return;
        }

        if (Str(options["type"]) is { Length: > 0 } type && !AllowedSeLinuxTypes.Contains(type))
        {
            violations.Add(new("SELinux", $"{path}.seLinuxOptions.type", $"{type} is not allowed"));
        }

        foreach (var field in new[] { "user", "role" })
        {
            if (Str(options[field]) is { Length: > 0 })
            {
                violations.Add(new("SELinux", $"{path}.seLinuxOptions.{field}", "must be unset"));
            }
        }
    }

    private static void CheckAppArmor(string path, JsonObject? security, List<PolicyViolation> violations)
    {
        if (Str(security?["appArmorProfile"]?["type"]) is { } type && type is not ("RuntimeDefault" or "Localhost"))
        {
            violations.Add(new("AppArmor", $"{path}.appArmorProfile.type", $"must be RuntimeDefault or Localhost, got {type}"));
        }
    }

    private static void CheckAppArmorAnnotations(JsonObject? annotations, List<PolicyViolation> violations)
    {
        foreach (var (key, value) in annotations ?? [])
        {
            if (key.StartsWith("container.apparmor.security.beta.kubernetes.io/", StringComparison.Ordinal)
                && Str(value) is { } profile && profile != "runtime/default" && !profile.StartsWith("localhost/", StringComparison.Ordinal))
            {
                violations.Add(new("AppArmor", $"metadata.annotations[{key}]", $"{profile} is not allowed"));
            }
        }
    }

    private static void CheckHostProcess(string path, JsonObject? security, List<PolicyViolation> violations)
    {
        if (Bool(security?["windowsOptions"]?["hostProcess"]) == true)
        {
            violations.Add(new("HostProcess", $"{path}.windowsOptions.hostProcess", "must be unset or false"));
        }
    }

    private static bool? Bool(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;

    private static long? Long(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<long>(out var l) ? l
        : node is JsonValue v2 && v2.TryGetValue<int>(out var i) ? i : null;

    private static string? Str(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
}
