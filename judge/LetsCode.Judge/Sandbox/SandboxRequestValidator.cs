namespace LetsCode.Judge.Sandbox;

/// <summary>Rejects requests that cannot run, with a clear message, before any process starts.</summary>
internal static class SandboxRequestValidator
{
    public static void Validate(SandboxRequest request)
    {
        if (request.Command.Count == 0 || string.IsNullOrEmpty(request.Command[0]))
            throw new ArgumentException("sandbox request has an empty command", nameof(request));
        if (!Path.IsPathFullyQualified(request.BoxDirectory) || !Directory.Exists(request.BoxDirectory))
            throw new ArgumentException($"box directory '{request.BoxDirectory}' does not exist (absolute path needed)", nameof(request));
        if (request.StdinPath is not null && !File.Exists(request.StdinPath))
            throw new ArgumentException($"stdin file '{request.StdinPath}' does not exist", nameof(request));
        foreach (var path in request.ReadOnlyPaths)
        {
            if (!Path.IsPathFullyQualified(path) || !Path.Exists(path))
                throw new ArgumentException($"read-only path '{path}' does not exist (absolute path needed)", nameof(request));
        }
        foreach (var key in request.Environment.Keys)
        {
            if (key.Length == 0 || key.Contains('=', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal))
                throw new ArgumentException($"invalid environment variable name '{key}'", nameof(request));
        }
        if (string.IsNullOrWhiteSpace(request.SeccompProfile) || request.SeccompProfile.IndexOfAny(['/', '\\', '.']) >= 0)
            throw new ArgumentException($"invalid seccomp profile name '{request.SeccompProfile}'", nameof(request));
        var l = request.Limits;
        if (l.CpuTimeMs <= 0 || l.WallTimeMs <= 0 || l.MemoryBytes <= 0 || l.Processes <= 0 || l.StdoutBytes < 0
            || l.StderrBytes < 0 || l.FileSizeBytes <= 0 || l.StackBytes <= 0 || l.OpenFiles <= 0)
            throw new ArgumentException("sandbox limits must be positive", nameof(request));
    }
}
