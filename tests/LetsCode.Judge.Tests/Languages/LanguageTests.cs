using LetsCode.Judge.Languages;

namespace LetsCode.Judge.Tests.Languages;

public sealed class LanguageTests
{
    private static readonly LanguageRegistry Registry = LanguageRegistry.CreateDefault();

    [Fact]
    public void The_contract_languages_are_known()
    {
        Assert.Equal(["bash", "c", "cpp", "java", "javascript", "pascal", "python3", "rust"], Registry.All.Select(l => l.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Detection_lists_only_installed_toolchains_with_versions()
    {
        var available = new LanguageDetector(Registry).DetectAvailable();
        Assert.NotEmpty(available);
        foreach (var language in available)
        {
            Assert.Matches(@"^\d+(\.\d+)+$", language.Version);
            Assert.Equal(Registry.Find(language.Name)!.Compiled, language.Compiled);
            Assert.All(Registry.Find(language.Name)!.RequiredExecutables, path => Assert.True(File.Exists(path), path));
        }
    }

    [Fact]
    public void Interpreted_languages_are_syntax_checked_and_still_run_their_source()
    {
        foreach (var name in new[] { "python3", "javascript", "bash" })
        {
            var language = Registry.Find(name)!;
            Assert.False(language.Compiled); // `letscode-runner languages` still says compiled: false
            Assert.NotNull(language.CheckCommand);
            Assert.Equal(language.CheckCommand, language.BuildCommand);
            Assert.Equal([language.SourceFileName], language.Artifacts);
            Assert.Contains(language.SourceFileName, language.RunCommand(new RuntimeBudget(256, 16)));
        }
        foreach (var name in new[] { "c", "cpp", "java", "rust", "pascal" })
        {
            var language = Registry.Find(name)!;
            Assert.Null(language.CheckCommand);
            Assert.Equal(language.CompileCommand, language.BuildCommand);
        }
    }

    [Fact]
    public void A_toolchain_that_is_missing_is_not_offered()
    {
        var detector = new LanguageDetector(new LanguageRegistry([new Missing()]));
        Assert.Empty(detector.DetectAvailable());
        Assert.Null(detector.VersionOf("missing"));
    }

    [Fact]
    public void The_jvm_heap_follows_the_memory_limit_and_gets_a_floor()
    {
        var java = Registry.Find("java")!;
        Assert.Contains("-Xmx300m", java.RunCommand(new RuntimeBudget(300, 32)));
        Assert.Contains("-XX:+UseSerialGC", java.RunCommand(new RuntimeBudget(300, 32)));
        Assert.True(java.Floor.Processes >= 16);
        Assert.True(java.Floor.MemoryMiB >= 64);
        Assert.Contains("/etc/java-17-openjdk", java.ReadOnlyPaths);
    }

    [Fact]
    public void Floors_raise_low_limits_and_leave_higher_ones()
    {
        var java = Registry.Find("java")!;
        Assert.Equal(new RuntimeBudget(java.Floor.MemoryMiB, java.Floor.Processes), java.BudgetFor(16, 1));
        Assert.Equal(new RuntimeBudget(1024, 100), java.BudgetFor(1024, 100));
        Assert.Equal(new RuntimeBudget(16, 1), Registry.Find("c")!.BudgetFor(16, 1));
    }

    [Theory]
    [InlineData(1024, 256)] // the 256 MiB ceiling: deep recursion works
    [InlineData(256, 240)]  // the default memory limit: a runaway recursion overflows the stack before the cgroup's limit
    [InlineData(64, 48)]
    [InlineData(16, 8)]     // a tiny limit still gets a usable stack
    public void The_stack_stays_below_the_memory_limit(int memoryMiB, int stackMiB) =>
        Assert.Equal(stackMiB, new RuntimeBudget(memoryMiB, 1).StackMiB);

    [Fact]
    public void Node_js_stack_stays_inside_the_real_stack()
    {
        var node = Registry.Find("javascript")!;
        Assert.Contains("--stack-size=65500", node.RunCommand(new RuntimeBudget(1024, 16)));
        Assert.Contains("--stack-size=40960", node.RunCommand(node.BudgetFor(1, 1))); // the 64 MiB floor: a 48 MiB stack
    }

    [Fact]
    public void Node_heap_follows_the_memory_limit_and_its_threads_are_few()
    {
        var node = Registry.Find("javascript")!;
        Assert.Contains("--max-old-space-size=256", node.RunCommand(new RuntimeBudget(256, 16)));
        Assert.Equal("1", node.Environment(new RuntimeBudget(256, 16))["UV_THREADPOOL_SIZE"]);
        Assert.True(node.Floor.Processes > 1);
    }

    [Fact]
    public void Nothing_from_the_host_environment_leaks_into_a_run()
    {
        foreach (var language in Registry.All)
        {
            var env = language.Environment(new RuntimeBudget(256, 1));
            Assert.Equal("/usr/bin:/bin", env["PATH"]);
            Assert.DoesNotContain(env.Values, v => v.Contains("/root", StringComparison.Ordinal) || v.Contains("pyenv", StringComparison.Ordinal));
            Assert.All(language.RunCommand(new RuntimeBudget(256, 1)), a => Assert.DoesNotContain("/root", a, StringComparison.Ordinal));
        }
        Assert.Equal("/usr/bin/python3", Registry.Find("python3")!.RunCommand(new RuntimeBudget(256, 1))[0]);
    }

    [Fact]
    public void Checker_arguments_follow_the_run_command() =>
        Assert.Equal(["./main", "input.txt", "output.txt", "answer.txt"],
            Registry.Find("cpp")!.RunCommand(new RuntimeBudget(256, 1), ["input.txt", "output.txt", "answer.txt"]));

    private sealed class Missing : LanguageDefinition
    {
        public override string Name => "missing";
        public override string SourceFileName => "x";
        public override string SeccompProfile => "native";
        public override IReadOnlyList<string> RequiredExecutables => ["/nonexistent/compiler"];
        public override VersionProbe VersionProbe => new(["/nonexistent/compiler"], "(.*)");
        public override IReadOnlyList<string> RunCommand(RuntimeBudget budget) => ["x"];
    }
}

public sealed class LanguageSeccompProfileTests
{
    [Fact]
    public void Every_language_names_a_seccomp_profile_that_exists_in_the_repository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LetsCode.sln"))) directory = directory.Parent;
        Assert.NotNull(directory);
        foreach (var language in LanguageRegistry.CreateDefault().All)
        {
            Assert.True(File.Exists(Path.Combine(directory.FullName, "seccomp", language.SeccompProfile + ".json")), $"{language.Name}: seccomp/{language.SeccompProfile}.json");
            Assert.True(File.Exists(Path.Combine(directory.FullName, "seccomp", language.CompileSeccompProfile + ".json")), $"{language.Name}: seccomp/{language.CompileSeccompProfile}.json");
        }
    }
}
