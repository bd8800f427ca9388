namespace LetsCode.Judge.Sandbox.Cgroups;

/// <summary>Creates per-run cgroups on this machine's hierarchy (v1 or v2, detected once at start).</summary>
internal interface ICgroupDriver
{
    string Description { get; }

    /// <summary>Creates the run's cgroup with its limits set.</summary>
    /// <exception cref="SandboxUnavailableException">A controller is missing or not writable.</exception>
    IRunCgroup Create(string name, CgroupLimits limits);

    /// <summary>Names of the existing run cgroups under our parent (to clean up leftovers of crashed judges).</summary>
    IReadOnlyList<string> ExistingRuns();

    /// <summary>Kills and removes an existing run cgroup by name.</summary>
    void RemoveRun(string name);

    /// <summary>One status line per controller, for doctor.</summary>
    IReadOnlyList<SandboxLayerStatus> Probe();
}

/// <summary>What the cgroup enforces: resident memory (swap off) and tasks (processes plus threads).</summary>
internal sealed record CgroupLimits(long MemoryBytes, int Tasks);
