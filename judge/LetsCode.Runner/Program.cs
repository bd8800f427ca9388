using System.CommandLine;
using LetsCode.Runner;
using LetsCode.Runner.Commands;

// letscode-runner: the judge's stable command-line contract (docs/runner-protocol.md).
var settings = new RunnerSettings();
var root = new RootCommand("LetsCode runner: judges one job (JSON on stdin, result JSON on stdout) in hardened sandboxes.");
settings.AddTo(root);

var judge = new Command("judge", "Read one job as JSON on stdin, write one result as JSON on stdout (exit 0; 2 for an invalid job).");
judge.SetAction(async (parse, cancellationToken) =>
{
    var options = settings.Read(parse);
    if (options.InsecureNoSandbox)
        await Console.Error.WriteLineAsync("letscode-runner: WARNING: --insecure-no-sandbox: programs run WITHOUT isolation (development only)");
    await using var stdin = Console.OpenStandardInput();
    await using var stdout = Console.OpenStandardOutput();
    return await JudgeCommand.RunAsync(options, stdin, stdout, cancellationToken);
});
root.Subcommands.Add(judge);

var languages = new Command("languages", "List the languages available on this machine with their toolchain versions (JSON).");
languages.SetAction(async (_, cancellationToken) =>
{
    await using var stdout = Console.OpenStandardOutput();
    return await LanguagesCommand.RunAsync(stdout, cancellationToken);
});
root.Subcommands.Add(languages);

var doctor = new Command("doctor", "Report which sandbox layers are active here, and why any is missing (JSON; exit 1 if not ready).");
doctor.SetAction(async (parse, cancellationToken) =>
{
    await using var stdout = Console.OpenStandardOutput();
    return await DoctorCommand.RunAsync(settings.Read(parse), stdout, cancellationToken);
});
root.Subcommands.Add(doctor);

return await root.Parse(args).InvokeAsync();
