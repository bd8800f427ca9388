namespace LetsCode.Judge.Tests.PodSandbox;

/// <summary>
/// Pod mode makes the test host a child subreaper and, after every run, kills the processes started below it during
/// the run: it must not run beside other tests that start processes of their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PodSandboxCollection
{
    public const string Name = "pod sandbox";
}
