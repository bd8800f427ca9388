using LetsCode.Judge.FunctionStyle;
using LetsCode.Judge.Languages;
using LetsCode.Judge.Model;

namespace LetsCode.Api.Tests;

/// <summary>Driver and checker generation for function-style problems (pure code generation).</summary>
public sealed class FunctionStyleTests
{
    [Theory]
    [InlineData("{\"b\":1,\"a\":[1, 2.5, {\"z\":null,\"y\":true}]}", "{\"a\":[1,2.5,{\"y\":true,\"z\":null}],\"b\":1}")]
    [InlineData("  [ ]  ", "[]")]
    [InlineData("\"caf\\u00e9\"", "\"café\"")]
    public void Canonical_json_sorts_keys_and_drops_whitespace(string input, string expected) =>
        Assert.Equal(expected, CanonicalJson.Canonicalize(input));

    [Theory]
    [InlineData("twoSum", true)]
    [InlineData("_x1", true)]
    [InlineData("1abc", false)]
    [InlineData("f(); import os", false)]
    [InlineData("a\nb", false)]
    [InlineData("", false)]
    public void Entry_points_must_be_identifiers(string entryPoint, bool valid)
    {
        Assert.Equal(valid, FunctionDriverGenerator.IsValidEntryPoint(entryPoint));
        if (!valid)
        {
            Assert.Throws<ArgumentException>(() => FunctionDriverGenerator.Generate("python3", "", new FunctionSpec { EntryPoint = entryPoint }));
        }
    }

    [Fact]
    public void Drivers_exist_for_python_and_javascript_only()
    {
        var spec = new FunctionSpec { EntryPoint = "twoSum" };
        Assert.Contains("def twoSum", FunctionDriverGenerator.Generate("python3", "def twoSum(n, t):\n    return [0, 1]", spec));
        Assert.Contains("twoSum", FunctionDriverGenerator.Generate("javascript", "var twoSum = (n, t) => [0, 1];", spec));
        Assert.Throws<ArgumentException>(() => FunctionDriverGenerator.Generate("cpp", "int main(){}", spec));
    }

    [Fact]
    public void The_python_driver_marks_its_one_prelude_line_as_generated()
    {
        var driver = FunctionDriverGenerator.Generate("python3", "line1\nline2", new FunctionSpec { EntryPoint = "f" });
        var lines = driver.Split('\n');
        Assert.EndsWith(Python3.GeneratedLineMarker, lines[0], StringComparison.Ordinal); // the syntax check skips it
        Assert.Equal("line1", lines[1]);
        Assert.Equal("line2", lines[2]);
    }

    [Fact]
    public void The_json_checker_is_a_custom_python_checker_with_the_spec_baked_in()
    {
        var checker = JsonAnswerChecker.For(new FunctionSpec { EntryPoint = "f", UnorderedResult = true, FloatTolerance = 1e-9 });
        Assert.Equal(CheckerSpec.Custom, checker.Kind);
        Assert.Equal("python3", checker.Language);
        Assert.Contains("UNORDERED = True", checker.Source);
        Assert.Contains("TOL = 1E-09", checker.Source);
    }
}
