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

    [Fact]
    public void Every_test_result_field_of_the_contract_is_written_even_when_null()
    {
        var result = new JudgeResult { Verdict = Verdict.TimeLimitExceeded, Tests = [new TestResult { Name = "1", Verdict = Verdict.TimeLimitExceeded }] };
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(result, JudgeJson.Default.JudgeResult));
        var test = json.RootElement.GetProperty("tests")[0];
        string[] contract = ["name", "verdict", "timeMs", "wallTimeMs", "memoryKiB", "exitCode", "signal", "stdout", "stderr", "checkerMessage"];
        Assert.All(contract, field => Assert.True(test.TryGetProperty(field, out _), $"{field} missing"));
        Assert.Equal(JsonValueKind.Null, test.GetProperty("exitCode").ValueKind);
        Assert.Equal(JsonValueKind.Null, test.GetProperty("checkerMessage").ValueKind);
    }
}
