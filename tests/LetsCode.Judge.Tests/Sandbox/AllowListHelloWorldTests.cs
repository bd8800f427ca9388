using LetsCode.Judge.Model;
using LetsCode.Judge.Tests.Support;

namespace LetsCode.Judge.Tests.Sandbox;

/// <summary>
/// Every language still compiles and runs hello world under its allow-list, with nothing on stderr: a runtime that
/// meets a refused call it did not expect tends to say so there (JVM and Node warnings) before it fails.
/// </summary>
public sealed class AllowListHelloWorldTests(JudgeFixture fixture) : IClassFixture<JudgeFixture>
{
    [SandboxFact(Language = "c")]
    public Task C() => Hello("c", "#include <stdio.h>\nint main(void) { puts(\"hello, world\"); return 0; }\n");

    [SandboxFact(Language = "cpp")]
    public Task Cpp() => Hello("cpp", "#include <iostream>\nint main() { std::cout << \"hello, world\\n\"; }\n");

    [SandboxFact(Language = "rust")]
    public Task Rust() => Hello("rust", """fn main() { println!("hello, world"); }""");

    [SandboxFact(Language = "pascal")]
    public Task Pascal() => Hello("pascal", """begin WriteLn('hello, world'); end.""");

    [SandboxFact(Language = "java")]
    public Task Java() => Hello("java", """public class Main { public static void main(String[] args) { System.out.println("hello, world"); } }""");

    [SandboxFact(Language = "javascript")]
    public Task JavaScript() => Hello("javascript", """console.log("hello, world");""");

    [SandboxFact(Language = "python3")]
    public Task Python() => Hello("python3", """print("hello, world")""");

    [SandboxFact(Language = "bash")]
    public Task Bash() => Hello("bash", "echo 'hello, world'\n");

    private async Task Hello(string language, string source)
    {
        var result = await fixture.JudgeAsync(new JudgeJob
        {
            Language = language,
            Source = source,
            Tests = [new TestCase { Name = "hello", Input = "", ExpectedOutput = "hello, world\n" }],
            // Generous: the machine is shared and a cold JVM or rustc is slow to start under load.
            Limits = new Limits { TimeMs = 5000, WallTimeMs = 20_000 },
        });
        Assert.True(result.Compile.Ok, result.Compile.Output);
        var test = Assert.Single(result.Tests);
        Assert.True(test.Verdict == Verdict.Accepted, $"{test.Verdict} exit={test.ExitCode} signal={test.Signal} stderr={test.Stderr} error={result.Error}");
        Assert.Equal("", test.Stderr);
    }
}
