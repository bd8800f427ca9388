using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Simulator.Strategies;

namespace LetsCode.Kubernetes.Simulator.Controllers;

/// <summary>
/// The simulated scheduler and kubelet of one node: binds Pending pods (or marks them Unschedulable), starts them
/// after <see cref="SimulatedKubelet.PodStartDelay"/> (Running, Ready, container statuses), and fails pods past
/// activeDeadlineSeconds with reason DeadlineExceeded. Containers never exit on their own.
/// </summary>
internal sealed class KubeletLoop(ResourceOperations operations, SimulatedKubelet kubelet, TimeProvider time)
{
    private readonly Dictionary<string, long> _scheduledAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _terminatingSince = new(StringComparer.Ordinal);

    /// <summary>One pass over all pods; called under the store lock. Returns when the next pass is due.</summary>
    public TimeSpan? Step()
    {
        var store = operations.Store;
        var now = time.GetTimestamp();
        TimeSpan? next = null;
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in store.List(BuiltInResources.Pods.Name).ToList())
        {
            var uid = Meta.Uid(pod.Node) ?? "";
            live.Add(uid);
            if (Meta.IsDeleting(pod.Node))
            {
                next = Min(next, Terminate(pod, uid, now));
                continue;
            }

            var phase = (string?)pod.Node["status"]?["phase"];
            var bound = pod.Node["spec"]?["nodeName"] is not null;
            if (phase == "Pending" && !bound)
            {
                if (kubelet.Unschedulable) operations.WriteStatus(pod, MarkUnschedulable);
                else
                {
                    operations.WriteStatus(pod, Bind);
                    _scheduledAt[uid] = now;
                    next = Min(next, kubelet.PodStartDelay);
                }
            }
            else if (phase == "Pending")
            {
                var since = _scheduledAt.TryGetValue(uid, out var at) ? at : _scheduledAt[uid] = now;
                var remaining = kubelet.PodStartDelay - time.GetElapsedTime(since, now);
                if (remaining <= TimeSpan.Zero) operations.WriteStatus(pod, Start);
                else next = Min(next, remaining);
            }
            else if (phase == "Running" && Meta.Long(pod.Node["spec"]?["activeDeadlineSeconds"]) is { } deadline &&
                     DateTimeOffset.TryParse((string?)pod.Node["status"]?["startTime"], out var started))
            {
                var remaining = started.AddSeconds(deadline) - time.GetUtcNow();
                if (remaining <= TimeSpan.Zero) operations.WriteStatus(pod, ExceedDeadline);
                else next = Min(next, remaining);
            }
        }

        foreach (var gone in _scheduledAt.Keys.Where(k => !live.Contains(k)).ToList()) _scheduledAt.Remove(gone);
        foreach (var gone in _terminatingSince.Keys.Where(k => !live.Contains(k)).ToList()) _terminatingSince.Remove(gone);
        return next;
    }

    /// <summary>Confirms a graceful pod deletion once the termination delay (at most the grace period) has passed.</summary>
    private TimeSpan Terminate(StoredObject pod, string uid, long now)
    {
        if (Meta.Long(pod.Node["metadata"]?["deletionGracePeriodSeconds"]) is not > 0) return TimeSpan.MaxValue;
        var since = _terminatingSince.TryGetValue(uid, out var at) ? at : _terminatingSince[uid] = now;
        var grace = TimeSpan.FromSeconds(Meta.Long(pod.Node["metadata"]?["deletionGracePeriodSeconds"]) ?? 0);
        var remaining = (kubelet.PodTerminationDelay < grace ? kubelet.PodTerminationDelay : grace) - time.GetElapsedTime(since, now);
        if (remaining > TimeSpan.Zero) return remaining;
        if (Meta.Finalizers(pod.Node).Count > 0)
        {
            operations.WriteStatus(pod, p => ((JsonObject)p["metadata"]!)["deletionGracePeriodSeconds"] = 0);
        }
        else
        {
            operations.Remove(pod);
        }

        return TimeSpan.MaxValue;
    }

    private void MarkUnschedulable(JsonObject pod)
    {
        var status = Status(pod);
        SetCondition(status, "PodScheduled", "False", "Unschedulable",
            "0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
    }

    private void Bind(JsonObject pod)
    {
        ((JsonObject)pod["spec"]!)["nodeName"] = KindStrategies.NodeName;
        SetCondition(Status(pod), "PodScheduled", "True", null, null);
    }

    private void Start(JsonObject pod)
    {
        var status = Status(pod);
        var now = Meta.Timestamp(time.GetUtcNow());
        status["phase"] = "Running";
        status["hostIP"] = "10.0.0.1";
        status["podIP"] = PodIp(Meta.Uid(pod) ?? "");
        status["startTime"] = now;
        foreach (var type in new[] { "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled" })
        {
            SetCondition(status, type, "True", null, null);
        }

        status["containerStatuses"] = new JsonArray((pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c["name"]?.DeepClone(),
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
                ["lastState"] = new JsonObject(),
                ["ready"] = true,
                ["restartCount"] = 0,
                ["image"] = c["image"]?.DeepClone(),
                ["imageID"] = $"simulated://{(string?)c["image"]}",
                ["containerID"] = $"simulated://{Guid.NewGuid():N}",
                ["started"] = true,
            }).ToArray());
    }

    private void ExceedDeadline(JsonObject pod)
    {
        var status = Status(pod);
        var now = Meta.Timestamp(time.GetUtcNow());
        status["phase"] = "Failed";
        status["reason"] = "DeadlineExceeded";
        status["message"] = "Pod was active on the node longer than the specified deadline";
        SetCondition(status, "Ready", "False", "PodFailed", null);
        SetCondition(status, "ContainersReady", "False", "PodFailed", null);
        foreach (var container in (status["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>())
        {
            container["ready"] = false;
            container["started"] = false;
            container["state"] = new JsonObject
            {
                ["terminated"] = new JsonObject { ["exitCode"] = 137, ["reason"] = "Error", ["finishedAt"] = now },
            };
        }
    }

    private static JsonObject Status(JsonObject pod)
    {
        if (pod["status"] is JsonObject s) return s;
        s = new JsonObject();
        pod["status"] = s;
        return s;
    }

    private void SetCondition(JsonObject status, string type, string value, string? reason, string? message)
    {
        var conditions = status["conditions"] as JsonArray ?? new JsonArray();
        status["conditions"] = conditions;
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);
        if (existing is not null && (string?)existing["status"] == value && (string?)existing["reason"] == reason) return;
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = value,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = Meta.Timestamp(time.GetUtcNow()),
        };
        if (reason is not null) condition["reason"] = reason;
        if (message is not null) condition["message"] = message;
        if (existing is not null) conditions[conditions.IndexOf(existing)] = condition;
        else conditions.Add(condition);
    }

    private static string PodIp(string uid)
    {
        var hash = (uint)uid.GetHashCode(StringComparison.Ordinal);
        return $"10.244.{(hash >> 8) & 0xff}.{(hash & 0xfe) + 1}";
    }

    private static TimeSpan Min(TimeSpan? a, TimeSpan b) => a is { } x && x < b ? x : b;
}
