using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Simulator.Admission;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>The CEL subset used for x-kubernetes-validations.</summary>
public sealed class CelSubsetTests
{
    [Theory]
    [InlineData("self.min <= self.max", """{"min":1,"max":2}""", true)]
    [InlineData("self.min <= self.max", """{"min":3,"max":2}""", false)]
    [InlineData("has(self.a) != has(self.b)", """{"a":1}""", true)]
    [InlineData("has(self.a) != has(self.b)", """{"a":1,"b":2}""", false)]
    [InlineData("has(self.a) != has(self.b)", """{}""", false)]
    [InlineData("!has(self.x) || size(self.x) < 3", """{"x":"ab"}""", true)]
    [InlineData("!has(self.x) || size(self.x) < 3", """{"x":"abc"}""", false)]
    [InlineData("self.name == 'a' && self.n > 1.5", """{"name":"a","n":2}""", true)]
    [InlineData("self.items.size() == 2", """{"items":[1,2]}""", true)]
    [InlineData("-self.n < 0", """{"n":1}""", true)]
    [InlineData("self.missing > 1", """{}""", null)]
    public void Evaluates(string rule, string self, bool? expected)
    {
        var predicate = CelSubset.TryCompile(rule);
        Assert.NotNull(predicate);
        Assert.Equal(expected, predicate(JsonNode.Parse(self)));
    }

    [Theory]
    [InlineData("self.all(x, x > 0)")]
    [InlineData("self.x == oldSelf.x")]
    [InlineData("self.a in ['x']")]
    public void Skips_rules_outside_the_subset(string rule) => Assert.Null(CelSubset.TryCompile(rule));
}
