using LetsCode.Judge.Sandbox.Bubblewrap;
using LetsCode.Judge.Sandbox.Cgroups;
using LetsCode.Judge.Sandbox.Insecure;
using LetsCode.Judge.Sandbox.Seccomp;

namespace LetsCode.Judge.Sandbox;

/// <summary>Builds the sandbox for this machine: the hardened one, or (only when asked explicitly) none at all.</summary>
public static class SandboxFactory
{
    /// <summary>
    /// The returned sandbox may be IDisposable (the hardened one is: it holds prepared sandboxes); dispose it when done.
    /// </summary>
    /// <exception cref="SandboxUnavailableException">A layer of the hardened sandbox cannot be set up here (fail closed).</exception>
    public static ISandbox Create(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.WorkRoot);
        if (options.InsecureNoSandbox) return new UnsandboxedRunner(options);
        if (options.Uid <= 0 || options.Gid <= 0)
            throw new SandboxUnavailableException("user", $"programs must run as an unprivileged uid/gid, not {options.Uid}/{options.Gid}");

        var cgroups = CgroupDetector.Detect(options.CgroupRoot, options.CgroupParent);
        var profiles = new SeccompProfileSource(options.SeccompDirectory);
        var filters = new SeccompFilterCache(profiles, Path.Combine(options.WorkRoot, "seccomp"));
        var probe = new SandboxProbe(options, cgroups, profiles, filters);
        var missing = probe.Preflight().FirstOrDefault(layer => !layer.Active);
        if (missing is not null) throw new SandboxUnavailableException(missing.Layer, missing.Detail);

        var sandbox = new BubblewrapSandbox(options, cgroups, filters, probe);
        sandbox.RemoveLeftovers();
        return sandbox;
    }
}
