using System.Text.Json;
using LetsCode.Judge.Model;

namespace LetsCode.Judge.Tests.Model;

public sealed class JobValidatorTests
{
    private static readonly JobValidator Validator = new(["python3", "cpp"]);

    private static JudgeJob Valid() => new()
    {
        Language = "python3",
        Source = "print(1)",
        Tests = [new TestCase { Name = "a", Input = "", ExpectedOutput = "1" }],
    };

    private static string Single(JudgeJob job) => Assert.Single(Validator.Validate(job));

    [Fact]
    public void A_minimal_job_is_valid_and_gets_the_documented_defaults()
    {
        Assert.Empty(Validator.Validate(Valid()));
        Assert.Equal(new ResolvedLimits(2000, 6000, 256, 64, 1), Valid().Limits.Resolve());
        Assert.Equal(CheckerSpec.Lines, Valid().Checker.Kind);
    }

    [Fact]
    public void Unknown_language_names_the_field_and_lists_the_available_ones()
    {
        var message = Single(Valid() with { Language = "cobol" });
        Assert.StartsWith("language:", message);
        Assert.Contains("'cobol'", message);
        Assert.Contains("cpp, python3", message);
        Assert.StartsWith("language: required", Single(Valid() with { Language = "" }));
    }

    [Fact]
    public void Empty_source_and_missing_tests_are_refused()
    {
        Assert.Equal("source: must not be empty", Single(Valid() with { Source = "  \n" }));
        Assert.Equal("tests: at least one test is required", Single(Valid() with { Tests = [] }));
        Assert.StartsWith("source: larger than", Single(Valid() with { Source = new string('x', 2 * 1024 * 1024) }));
        Assert.Equal("job: expected a JSON object", Assert.Single(Validator.Validate(null)));
    }

    [Theory]
    [InlineData("""{"timeMs": -1}""", "limits.timeMs: must be between 1 and 60000, got -1")]
    [InlineData("""{"timeMs": 0}""", "limits.timeMs: must be between 1 and 60000, got 0")]
    [InlineData("""{"wallTimeMs": 99999999}""", "limits.wallTimeMs: must be between 1 and 180000, got 99999999")]
    [InlineData("""{"memoryMiB": 1000000}""", "limits.memoryMiB: must be between 1 and 4096, got 1000000")]
    [InlineData("""{"outputKiB": -5}""", "limits.outputKiB: must be between 1 and 65536, got -5")]
    [InlineData("""{"processes": 100000}""", "limits.processes: must be between 1 and 256, got 100000")]
    [InlineData("""{"timeMs": 2000, "wallTimeMs": 1000}""", "limits.wallTimeMs: must be at least limits.timeMs (2000), got 1000")]
    public void Limits_out_of_range_name_the_field(string limitsJson, string expected)
    {
        var limits = JsonSerializer.Deserialize(limitsJson, JudgeJson.Default.Limits)!;
        Assert.Equal(expected, Single(Valid() with { Limits = limits }));
    }

    [Fact]
    public void Checker_specs_are_checked()
    {
        Assert.StartsWith("checker.kind: unknown checker 'fuzzy'", Single(Valid() with { Checker = new CheckerSpec { Kind = "fuzzy" } }));
        Assert.Equal("checker: a float checker needs 'absolute' and/or 'relative' epsilon",
            Single(Valid() with { Checker = new CheckerSpec { Kind = CheckerSpec.Float } }));
        Assert.StartsWith("checker.absolute: must be a finite number",
            Single(Valid() with { Checker = new CheckerSpec { Kind = CheckerSpec.Float, Absolute = -1 } }));
        Assert.Empty(Validator.Validate(Valid() with { Checker = new CheckerSpec { Kind = CheckerSpec.Float, Relative = 1e-6 } }));
        Assert.StartsWith("checker: 'absolute' and 'relative' apply only to kind 'float'",
            Single(Valid() with { Checker = new CheckerSpec { Kind = CheckerSpec.Tokens, Absolute = 1e-6 } }));
    }

    [Fact]
    public void Custom_checker_needs_a_language_and_a_source()
    {
        var errors = Validator.Validate(Valid() with { Checker = new CheckerSpec { Kind = CheckerSpec.Custom } });
        Assert.Equal(["checker.language: required (one of cpp, python3)", "checker.source: must not be empty"], errors);
        Assert.StartsWith("checker.language: unknown or unavailable language 'perl'",
            Single(Valid() with { Checker = new CheckerSpec { Kind = CheckerSpec.Custom, Language = "perl", Source = "1" } }));
        Assert.StartsWith("checker: 'language' and 'source' apply only to kind 'custom'",
            Single(Valid() with { Checker = new CheckerSpec { Kind = CheckerSpec.Lines, Source = "x" } }));
    }

    [Fact]
    public void Nulls_from_json_are_reported_not_crashed_on()
    {
        var job = JsonSerializer.Deserialize("""{"language":"python3","source":"x","tests":[null,{"name":null,"input":null,"expectedOutput":null}],"limits":null,"checker":null}""",
            JudgeJson.Default.JudgeJob)!;
        Assert.Equal(["tests[0]: must be an object", "tests[1].expectedOutput: must be a string"], Validator.Validate(JobDefaults.Apply(job)));
    }

    [Fact]
    public void Omitted_fields_take_their_documented_defaults()
    {
        var job = JobDefaults.Apply(JsonSerializer.Deserialize("""{"language":"python3","source":"x","tests":[{"expectedOutput":"1"},{"name":"b","input":"2","expectedOutput":"3"}],"checker":{}}""",
            JudgeJson.Default.JudgeJob)!);
        Assert.Empty(Validator.Validate(job));
        Assert.Equal(["1", "b"], job.Tests.Select(t => t.Name));
        Assert.Equal("", job.Tests[0].Input);
        Assert.Equal(CheckerSpec.Lines, job.Checker.Kind);
        Assert.Equal(new ResolvedLimits(2000, 6000, 256, 64, 1), job.Limits.Resolve());
        Assert.False(job.StopOnFirstFailure);
    }

    [Fact]
    public void Misspelt_fields_are_json_errors()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"language":"python3","timeLimit":5}""", JudgeJson.Default.JudgeJob));
        Assert.Contains("timeLimit", error.Message);
    }

    [Fact]
    public void Too_many_tests_are_refused()
    {
        var validator = new JobValidator(["python3"], new JobLimitsPolicy { MaxTests = 2 });
        var errors = validator.Validate(Valid() with { Tests = [.. Enumerable.Repeat(new TestCase(), 3)] });
        Assert.Equal("tests: at most 2 tests per job (got 3)", Assert.Single(errors));
    }
}
