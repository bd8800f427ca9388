using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace LetsCode.Judge.Sandbox.Seccomp;

/// <summary>
/// Compiles each profile once per process and keeps the BPF program as a file that the launcher opens as bwrap's
/// --seccomp fd. Files are named by content hash, so concurrent judges sharing a WorkRoot never clobber each other.
/// </summary>
internal sealed class SeccompFilterCache(SeccompProfileSource source, string directory)
{
    private readonly ConcurrentDictionary<string, Lazy<string>> filters = new(StringComparer.Ordinal);

    /// <summary>Path of the compiled filter for the profile.</summary>
    /// <exception cref="SandboxUnavailableException">The profile is missing, invalid, or libseccomp is unusable.</exception>
    public string PathFor(string profileName)
    {
        var lazy = filters.GetOrAdd(profileName, name => new Lazy<string>(() => Build(name), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            filters.TryRemove(profileName, out _); // a later fix (e.g. a corrected override directory) may succeed
            throw;
        }
    }

    private string Build(string name)
    {
        var text = source.Read(name);
        SeccompProfile profile;
        try
        {
            profile = SeccompProfile.Parse(name, text);
        }
        catch (FormatException e)
        {
            throw new SandboxUnavailableException("seccomp", e.Message, e);
        }
        Directory.CreateDirectory(directory);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        var path = Path.Combine(directory, $"{name}-{hash}.bpf");
        if (File.Exists(path) && new FileInfo(path).Length > 0) return path;
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        SeccompCompiler.Compile(name, profile, temporary);
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
