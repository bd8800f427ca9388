using LetsCode.Judge.Model;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Resources;

namespace LetsCode.Operator.Tests.Support;

internal static class Samples
{
    public static WarmPool Pool(string language = "python3", string? seccomp = null, int? min = 2, int? max = 5, int? replicas = null, int? delay = 0) => new()
    {
        Metadata = new ObjectMeta { Name = language, Namespace = "sandbox", Uid = "11111111-2222-3333-4444-555555555555", Generation = 1 },
        Spec = new WarmPoolSpec
        {
            Language = language,
            Image = $"runner-{language}:1",
            SeccompProfile = seccomp,
            MinReplicas = min,
            MaxReplicas = max,
            Replicas = replicas,
            ScaleDownDelaySeconds = delay,
            NodeSelector = new Dictionary<string, string> { ["letscode.dev/sandbox-node"] = "true" },
            Tolerations = [new Toleration { Key = "sandbox", Operator = "Exists", Effect = "NoSchedule" }],
        },
    };

    public static Submission Submission(string language = "python3") => new()
    {
        Metadata = new ObjectMeta { Name = "sub-1", Namespace = "sandbox", Uid = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" },
        Spec = new SubmissionSpec
        {
            Language = language,
            Source = "print(1)",
            Tests = [new TestCase { Name = "1", Input = "", ExpectedOutput = "1\n" }],
        },
    };
}
