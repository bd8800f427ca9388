using System.Text.Json;

namespace LetsCode.Judge.Tests.Sandbox;

/// <summary>The seccomp/*.json files are valid OCI profiles (Kubernetes nodes load them as Localhost profiles).</summary>
public sealed class SeccompProfileTests
{
    private static readonly string Directory = Path.Combine(FindRepositoryRoot(), "seccomp");

    private static readonly string[] Languages = ["native", "python", "javascript", "jvm", "bash"];

    private static readonly string[] MustBlock =
    [
        "ptrace", "mount", "umount2", "unshare", "setns", "keyctl", "add_key", "bpf", "perf_event_open", "kexec_load",
        "reboot", "init_module", "finit_module", "delete_module", "userfaultfd", "io_uring_setup", "personality", "socket",
    ];

    public static TheoryData<string> Profiles()
    {
        var data = new TheoryData<string>();
        foreach (var name in Languages.Append("base")) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Is_a_valid_oci_profile_that_blocks_the_dangerous_calls(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json")));
        var root = document.RootElement;
        Assert.StartsWith("SCMP_ACT_", root.GetProperty("defaultAction").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(root.GetProperty("architectures").EnumerateArray());
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in root.GetProperty("syscalls").EnumerateArray())
        {
            var action = rule.GetProperty("action").GetString()!;
            Assert.Contains(action, new[] { "SCMP_ACT_ERRNO", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL", "SCMP_ACT_ALLOW" });
            if (rule.TryGetProperty("errnoRet", out var errno)) Assert.InRange(errno.GetInt32(), 1, 4095);
            if (rule.TryGetProperty("args", out var args))
            {
                foreach (var arg in args.EnumerateArray())
                {
                    Assert.InRange(arg.GetProperty("index").GetInt32(), 0, 5);
                    Assert.StartsWith("SCMP_CMP_", arg.GetProperty("op").GetString(), StringComparison.Ordinal);
                }
            }
            if (action != "SCMP_ACT_ALLOW") blocked.UnionWith(rule.GetProperty("names").EnumerateArray().Select(n => n.GetString()!));
        }
        Assert.Empty(MustBlock.Except(blocked));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Every_language_profile_contains_the_shared_base(string name)
    {
        static IEnumerable<(string Name, string Args)> Rules(string file)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, file + ".json")));
            return document.RootElement.GetProperty("syscalls").EnumerateArray()
                .SelectMany(rule => rule.GetProperty("names").EnumerateArray().Select(n =>
                    (n.GetString()!, rule.TryGetProperty("args", out var args) ? args.GetRawText() : "")))
                .ToArray();
        }
        Assert.Empty(Rules("base").Except(Rules(name)));
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (System.IO.Directory.Exists(Path.Combine(directory, "seccomp")) && File.Exists(Path.Combine(directory, "LetsCode.sln"))) return directory;
        }
        throw new DirectoryNotFoundException("repository root (with seccomp/) not found above " + AppContext.BaseDirectory);
    }
}
