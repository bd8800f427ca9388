using System.Globalization;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Configuration;

namespace LetsCode.Operator.Rendering;

/// <summary>
/// The namespace-wide objects around the sandboxes: a NetworkPolicy denying ALL ingress and egress to every sandbox
/// pod (agent-sandbox's default allows public egress; a judge must allow nothing), and optionally a ResourceQuota
/// and a LimitRange. Pure.
/// </summary>
public static class NamespaceObjectsRenderer
{
    public const string NetworkPolicyName = "letscode-sandbox-deny-all";
    public const string ResourceQuotaName = "letscode-sandbox-quota";
    public const string LimitRangeName = "letscode-sandbox-limits";

    /// <summary>Both policy types and no rules: nothing in, nothing out (not even DNS).</summary>
    public static NetworkPolicy DenyAllNetworkPolicy(string @namespace) => new()
    {
        Metadata = new ObjectMeta { Name = NetworkPolicyName, Namespace = @namespace, Labels = ManagedLabels() },
        Spec = new NetworkPolicySpec
        {
            PodSelector = new LabelSelector { MatchLabels = new Dictionary<string, string> { [SandboxLabels.Sandbox] = "true" } },
            PolicyTypes = ["Ingress", "Egress"],
        },
    };

    public static ResourceQuota? Quota(string @namespace, NamespaceQuotaOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        var hard = new Dictionary<string, string>();
        if (options.Pods is { } pods)
        {
            hard["pods"] = pods.ToString(CultureInfo.InvariantCulture);
        }

        AddPair(hard, "cpu", options.Cpu);
        AddPair(hard, "memory", options.Memory);
        AddPair(hard, "ephemeral-storage", options.EphemeralStorage);
        return hard.Count == 0 ? null : new ResourceQuota
        {
            Metadata = new ObjectMeta { Name = ResourceQuotaName, Namespace = @namespace, Labels = ManagedLabels() },
            Spec = new ResourceQuotaSpec { Hard = hard },
        };
    }

    public static LimitRange? Limits(string @namespace, NamespaceQuotaOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        var max = new Dictionary<string, string>
        {
            ["cpu"] = options.MaxContainerCpu,
            ["memory"] = options.MaxContainerMemory,
            ["ephemeral-storage"] = options.MaxContainerEphemeralStorage,
        };
        return new LimitRange
        {
            Metadata = new ObjectMeta { Name = LimitRangeName, Namespace = @namespace, Labels = ManagedLabels() },
            Spec = new LimitRangeSpec
            {
                Limits =
                [
                    new LimitRangeItem
                    {
                        Type = "Container",
                        Max = max,
                        // A container without limits gets the maximum rather than running unbounded.
                        Default = new Dictionary<string, string>(max),
                        DefaultRequest = new Dictionary<string, string>(max),
                        MaxLimitRequestRatio = new Dictionary<string, string> { ["cpu"] = "1", ["memory"] = "1" },
                    },
                ],
            },
        };
    }

    private static void AddPair(Dictionary<string, string> hard, string resource, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            hard[$"requests.{resource}"] = value;
            hard[$"limits.{resource}"] = value;
        }
    }

    private static Dictionary<string, string> ManagedLabels() => new()
    {
        [SandboxLabels.ManagedBy] = SandboxLabels.ManagedByValue,
        [SandboxLabels.PartOf] = SandboxLabels.PartOfValue,
    };
}
