namespace LetsCode.Judge.Languages;

/// <summary>
/// Node.js. V8 and libuv start their own threads, so Node gets a floor of tasks; the old-space heap is tied to the
/// memory limit so a hog dies with the limit rather than with V8's default heap size.
/// </summary>
public sealed class JavaScript : LanguageDefinition
{
    private const string Node = "/usr/bin/node";

    // `node --check main.js` is not enough: Node (20.19+) loads a .js file that fails to parse as CommonJS because
    // of ES module syntax (import/export, top-level await) as an ES module, and --check then passes the file without
    // parsing it as one, so an ES module's syntax error would still surface at run time. This script follows Node's
    // own detection rules (src/node_contextify.cc, esm_syntax_error_messages and throws_only_in_cjs_error_messages):
    // parse as CommonJS (the same function wrapper Node uses, so line numbers match); on an ES-module-only error,
    // parse as a module with `node --check --input-type=module`. Nothing is executed. Node's internal stack frames
    // are dropped from the message: they are about this script, not the user's code.
    private const string CheckScript = """
        "use strict";
        const fs = require("fs"), path = require("path"), vm = require("vm"), { spawnSync } = require("child_process");
        const file = path.resolve(process.argv[1]);
        const source = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
        const esmSyntax = ["Cannot use import statement outside a module", "Unexpected token 'export'",
          "Cannot use 'import.meta' outside a module"];
        const validOnlyAsModule = ["Identifier 'module' has already been declared", "Identifier 'exports' has already been declared",
          "Identifier 'require' has already been declared", "Identifier '__filename' has already been declared",
          "Identifier '__dirname' has already been declared", "await is only valid in async functions and the top level bodies of modules"];
        const fail = (text) => {
          process.stderr.write(text.split("\n").filter((l) => !/^    at |^Node\.js v/.test(l)).join("\n").trim() + "\n");
          process.exit(1);
        };
        try {
          vm.compileFunction(source, ["exports", "require", "module", "__filename", "__dirname"], { filename: file });
        } catch (cjs) {
          if (!(cjs instanceof SyntaxError)) throw cjs;
          const esm = esmSyntax.some((m) => cjs.message.includes(m));
          if (!esm && !validOnlyAsModule.some((m) => cjs.message.includes(m))) fail(cjs.stack);
          const asModule = spawnSync(process.execPath, ["--check", "--input-type=module"], { input: source, encoding: "utf8" });
          if (asModule.error) throw asModule.error;
          if (asModule.status === 0) process.exit(0);
          fail(esm ? asModule.stderr.replace(/^\[stdin\]/, file) : cjs.stack);
        }
        """;

    public override string Name => "javascript";
    public override string SourceFileName => "main.js";
    public override string SeccompProfile => "javascript";
    public override IReadOnlyList<string> RequiredExecutables => [Node];
    public override VersionProbe VersionProbe => new([Node, "--version"], @"v(\d+\.\d+\.\d+)");

    // main thread + 1 V8 platform worker + 1 libuv pool thread + signal/inspector helpers, with headroom.
    public override RuntimeFloor Floor => new(MemoryMiB: 64, Processes: 16);

    public override IReadOnlyList<string> CheckCommand => [Node, "-e", CheckScript, SourceFileName];

    public override IReadOnlyList<string> RunCommand(RuntimeBudget budget) =>
    [
        Node,
        $"--max-old-space-size={Math.Max(16, budget.MemoryMiB)}",
        $"--stack-size={StackSizeKiB(budget)}",
        "--v8-pool-size=1",
        SourceFileName,
    ];

    public override IReadOnlyDictionary<string, string> Environment(RuntimeBudget budget) =>
        With(("UV_THREADPOOL_SIZE", "1"), ("NODE_DISABLE_COLORS", "1"));

    /// <summary>
    /// KiB of JS stack V8 may use: about 64 MiB, but 8 MiB short of the real stack (the run's RLIMIT_STACK), so deep
    /// recursion ends in V8's own RangeError rather than in a SIGSEGV past the end of the real stack.
    /// </summary>
    private static int StackSizeKiB(RuntimeBudget budget) => Math.Max(984, Math.Min(65500, (budget.StackMiB - 8) * 1024));

    public override bool ReportsOutOfMemory(string stderr) =>
        stderr.Contains("JavaScript heap out of memory", StringComparison.Ordinal) ||
        stderr.Contains("Reached heap limit", StringComparison.Ordinal);
}
