using System.Text.Json;
using LetsCode.Judge.Model;

namespace LetsCode.Judge.Tests;

public sealed class JudgeJsonTests
{
    [Fact]
    public void Verdicts_serialize_as_their_contract_names()
    {
        var json = JsonSerializer.Serialize(new JudgeResult { Verdict = Verdict.TimeLimitExceeded }, JudgeJson.Default.JudgeResult);
        Assert.Contains("\"verdict\":\"TimeLimitExceeded\"", json);
    }
}
