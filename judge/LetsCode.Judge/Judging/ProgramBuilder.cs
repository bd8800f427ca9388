using System.Diagnostics;
using LetsCode.Judge.Languages;
using LetsCode.Judge.Model;
using LetsCode.Judge.Sandbox;

namespace LetsCode.Judge.Judging;

/// <summary>
/// Turns source into a <see cref="CompiledProgram"/>: from the compile cache when the same code was compiled with
/// the same toolchain before, else by compiling in a fresh, writable sandbox box. An interpreted language's syntax
/// check goes the same way (cached, sandboxed, its messages are the compile output) and keeps the source as the
/// artifact; a language with neither just gets its source file.
/// </summary>
internal sealed class ProgramBuilder(ISandbox sandbox, CompileCache cache, LanguageDetector detector, CompileLimits limits)
{
    public async Task<(CompileResult Result, CompiledProgram? Program)> BuildAsync(
        LanguageDefinition language, string source, JobWorkspace workspace, string purpose, CancellationToken cancellationToken)
    {
        var artifacts = workspace.NewPrivateDirectory(purpose + "-artifacts");
        if (language.BuildCommand is not { } compileCommand)
        {
            var path = Path.Combine(artifacts, language.SourceFileName);
            await File.WriteAllTextAsync(path, source, cancellationToken).ConfigureAwait(false);
            JobWorkspace.MakeReadable(path);
            return (new CompileResult { Ok = true }, new CompiledProgram(language, artifacts));
        }

        var version = detector.VersionOf(language.Name) ?? "unknown";
        var key = CompileCache.Key(language.Name, version, compileCommand, source);
        if (cache.TryRestore(key, artifacts) is { } cachedOutput)
            return (new CompileResult { Ok = true, Output = cachedOutput, Cached = true }, new CompiledProgram(language, artifacts));

        var box = workspace.NewWritableBox(purpose + "-compile");
        var sourcePath = Path.Combine(box, language.SourceFileName);
        await File.WriteAllTextAsync(sourcePath, source, cancellationToken).ConfigureAwait(false);
        JobWorkspace.MakeReadable(sourcePath);

        var budget = new RuntimeBudget(limits.MemoryMiB, limits.Processes);
        var request = new SandboxRequest
        {
            Command = compileCommand,
            BoxDirectory = box,
            BoxKeepsWrites = true,
            Environment = language.Environment(budget),
            ReadOnlyPaths = language.ReadOnlyPaths,
            SeccompProfile = language.CompileSeccompProfile,
            Limits = new SandboxLimits
            {
                CpuTimeMs = limits.CpuTimeMs,
                WallTimeMs = limits.WallTimeMs,
                MemoryBytes = limits.MemoryMiB * 1024L * 1024,
                Processes = limits.Processes,
                StdoutBytes = limits.OutputBytes,
                StderrBytes = limits.OutputBytes,
                FileSizeBytes = limits.ArtifactBytes,
            },
        };

        var stopwatch = Stopwatch.StartNew();
        var run = await sandbox.RunAsync(request, cancellationToken).ConfigureAwait(false);
        stopwatch.Stop();
        if (run.SandboxError is not null) throw new InvalidOperationException("compile sandbox failed: " + run.SandboxError);

        var output = CompilerOutput(run);
        var step = language.Compiled ? "the compiler" : "the syntax check";
        var failure = Failure(run, step);
        if (failure is null && !CollectArtifacts(language, box, artifacts))
            failure = $"{step} reported success but left no program";
        JobWorkspace.DeleteQuietly(box);

        if (failure is not null)
        {
            var message = output.Length == 0 ? failure : output + "\n" + failure;
            return (new CompileResult { Ok = false, Output = Utf8Text.Truncated(message, limits.OutputBytes), TimeMs = stopwatch.ElapsedMilliseconds }, null);
        }

        cache.Store(key, artifacts, output);
        return (new CompileResult { Ok = true, Output = output, TimeMs = stopwatch.ElapsedMilliseconds }, new CompiledProgram(language, artifacts));
    }

    private string CompilerOutput(SandboxResult run)
    {
        var stdout = Utf8Text.Decode(run.Stdout).TrimEnd();
        var stderr = Utf8Text.Decode(run.Stderr).TrimEnd();
        var both = stdout.Length > 0 && stderr.Length > 0 ? stdout + "\n" + stderr : stdout + stderr;
        return Utf8Text.Truncated(both, limits.OutputBytes);
    }

    private static string? Failure(SandboxResult run, string step)
    {
        if (run.MemoryLimitHit) return $"{step} exceeded its memory limit";
        if (run.CpuLimitHit || run.WallLimitHit) return $"{step} exceeded its time limit";
        if (run.OutputLimitHit) return $"{step} produced too much output";
        if (run.Signal is { } signal) return $"{step} was killed by {SignalNames.Of(signal)}";
        if (run.ExitCode is not 0) return $"{step} exited with code {run.ExitCode}";
        return null;
    }

    /// <summary>
    /// Copies (never links: the compile box belongs to the sandboxed uid) the regular files the language keeps into
    /// the job's private artifact directory. Symlinks and other oddities a compile might leave are ignored.
    /// </summary>
    private static bool CollectArtifacts(LanguageDefinition language, string box, string artifacts)
    {
        var found = false;
        foreach (var pattern in language.Artifacts)
        {
            foreach (var file in new DirectoryInfo(box).EnumerateFiles(pattern, SearchOption.TopDirectoryOnly))
            {
                if (file.LinkTarget is not null) continue;
                var destination = Path.Combine(artifacts, file.Name);
                file.CopyTo(destination, overwrite: true);
                JobWorkspace.AddReadForAll(destination);
                found = true;
            }
        }
        return found;
    }
}
