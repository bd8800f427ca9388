namespace LetsCode.Judge.Model;

/// <summary>One test: what the program reads on stdin and what a correct program prints.</summary>
public sealed record TestCase
{
    public string Name { get; init; } = "";
    public string Input { get; init; } = "";
    public string ExpectedOutput { get; init; } = "";
}
