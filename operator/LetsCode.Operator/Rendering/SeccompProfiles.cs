using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Configuration;

namespace LetsCode.Operator.Rendering;

/// <summary>Which seccomp profile a sandbox pod gets: the pool's, else our family profile, else RuntimeDefault.</summary>
public static class SeccompProfiles
{
    /// <summary>Language to the profile family in seccomp/ (FAMILY.json).</summary>
    public static string? FamilyOf(string language) => language switch
    {
        "python3" or "python" or "pypy3" => "python",
        "javascript" or "node" or "typescript" => "javascript",
        "java" or "kotlin" or "scala" => "jvm",
        "c" or "cpp" or "rust" or "go" or "pascal" => "native",
        "bash" or "sh" => "bash",
        _ => null,
    };

    public static SeccompProfile For(string language, string? poolProfile, SandboxPodOptions options)
    {
        if (!string.IsNullOrWhiteSpace(poolProfile))
        {
            return new SeccompProfile { Type = "Localhost", LocalhostProfile = poolProfile };
        }

        if (options.LocalhostSeccompProfiles && FamilyOf(language) is { } family)
        {
            return new SeccompProfile { Type = "Localhost", LocalhostProfile = $"{options.SeccompProfileDirectory}/{family}.json" };
        }

        return new SeccompProfile { Type = "RuntimeDefault" };
    }
}
