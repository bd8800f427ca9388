using System.Text.Json;
using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Configuration;
using LetsCode.Operator.Resources;

namespace LetsCode.Operator.Rendering;

/// <summary>
/// What <c>letscode-operator render</c> prints: every object the operator would create for the WarmPools and
/// Submissions in a manifest. A Submission is rendered as the cold pod it would get (from its language's pool in the
/// same file, or a default pool). Pure: no cluster is consulted.
/// </summary>
public sealed class ManifestRenderer(OperatorOptions options)
{
    public IReadOnlyList<IKubernetesObject> Render(string yaml)
    {
        var pools = new List<WarmPool>();
        var submissions = new List<Submission>();
        var index = 0;
        foreach (var document in YamlJson.ParseDocuments(yaml))
        {
            index++;
            if (document is null)
            {
                continue;
            }

            var kind = document["kind"]?.GetValue<string>();
            var apiVersion = document["apiVersion"]?.GetValue<string>();
            if (apiVersion != LetsCodeResources.ApiVersion || kind is not ("WarmPool" or "Submission"))
            {
                throw new FormatException($"document {index}: expected a {LetsCodeResources.ApiVersion} WarmPool or Submission, got {apiVersion} {kind}");
            }

            try
            {
                if (kind == "WarmPool")
                {
                    pools.Add(Validate(document.Deserialize(OperatorJsonContext.Default.WarmPool)!, index));
                }
                else
                {
                    submissions.Add(Validate(document.Deserialize(OperatorJsonContext.Default.Submission)!, index));
                }
            }
            catch (JsonException e)
            {
                throw new FormatException($"document {index} ({kind}): {e.Message}", e);
            }
        }

        var renderer = new SandboxPodRenderer(options.Pod);
        var objects = new List<IKubernetesObject>();
        foreach (var ns in pools.Select(p => p.Metadata.Namespace).Concat(submissions.Select(s => s.Metadata.Namespace))
                     .Select(n => n ?? options.Namespace).Distinct(StringComparer.Ordinal))
        {
            objects.Add(NamespaceObjectsRenderer.DenyAllNetworkPolicy(ns));
            if (NamespaceObjectsRenderer.Quota(ns, options.Quota) is { } quota) objects.Add(quota);
            if (NamespaceObjectsRenderer.Limits(ns, options.Quota) is { } limits) objects.Add(limits);
        }

        foreach (var pool in pools)
        {
            // The pool's idle target; names come from generateName on the server, shown here with an index.
            for (var i = 0; i < Math.Max(1, pool.Spec.DesiredIdle); i++)
            {
                var pod = renderer.RenderIdle(pool);
                pod.Metadata.Name = $"{pod.Metadata.GenerateName}{i}";
                objects.Add(pod);
            }
        }

        foreach (var submission in submissions)
        {
            var pool = pools.FirstOrDefault(p => p.Spec.Language == submission.Spec.Language && p.Metadata.Namespace == submission.Metadata.Namespace)
                ?? DefaultPool(submission);
            objects.Add(renderer.RenderCold(pool, submission, attempt: 1));
        }

        return objects;
    }

    public static JsonNode ToJson(IKubernetesObject value) => value switch
    {
        Pod pod => JsonSerializer.SerializeToNode(pod, KubernetesJsonContext.Default.Pod)!,
        NetworkPolicy policy => JsonSerializer.SerializeToNode(policy, KubernetesJsonContext.Default.NetworkPolicy)!,
        ResourceQuota quota => JsonSerializer.SerializeToNode(quota, KubernetesJsonContext.Default.ResourceQuota)!,
        LimitRange limits => JsonSerializer.SerializeToNode(limits, KubernetesJsonContext.Default.LimitRange)!,
        _ => throw new ArgumentException($"cannot render {value.Kind}", nameof(value)),
    };

    private WarmPool Validate(WarmPool pool, int index)
    {
        pool.Metadata.Namespace ??= options.Namespace;
        pool.Metadata.Uid ??= "00000000-0000-0000-0000-000000000000";
        if (string.IsNullOrEmpty(pool.Metadata.Name)) throw new FormatException($"document {index}: metadata.name is required");
        if (string.IsNullOrEmpty(pool.Spec.Language)) throw new FormatException($"document {index}: spec.language is required");
        if (string.IsNullOrEmpty(pool.Spec.Image)) throw new FormatException($"document {index}: spec.image is required");
        return pool;
    }

    private Submission Validate(Submission submission, int index)
    {
        submission.Metadata.Namespace ??= options.Namespace;
        submission.Metadata.Uid ??= "00000000-0000-0000-0000-000000000000";
        if (string.IsNullOrEmpty(submission.Metadata.Name)) throw new FormatException($"document {index}: metadata.name is required");
        if (string.IsNullOrEmpty(submission.Spec.Language)) throw new FormatException($"document {index}: spec.language is required");
        return submission;
    }

    private static WarmPool DefaultPool(Submission submission) => new()
    {
        Metadata = new ObjectMeta { Name = submission.Spec.Language, Namespace = submission.Metadata.Namespace, Uid = "00000000-0000-0000-0000-000000000000" },
        Spec = new WarmPoolSpec { Language = submission.Spec.Language, Image = $"ghcr.io/letscode/runner-{submission.Spec.Language}:latest" },
    };
}
