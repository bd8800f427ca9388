using System.Text.Encodings.Web;
using System.Text.Json;
using LetsCode.Judge.Model;

namespace LetsCode.Runner;

/// <summary>
/// The JSON contexts the runner writes with: the contract's (camelCase, enums as names) with the relaxed encoder, so
/// messages read "expected '5'" rather than "expected \u00275\u0027". Stdout is never embedded in HTML.
/// </summary>
internal sealed class RunnerOutput
{
    public RunnerOutput()
    {
        Contract = new JudgeJson(new JsonSerializerOptions(JudgeJson.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Runner = new RunnerJson(new JsonSerializerOptions(RunnerJson.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public JudgeJson Contract { get; }
    public RunnerJson Runner { get; }
}
