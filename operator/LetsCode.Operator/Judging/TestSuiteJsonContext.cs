using System.Text.Json.Serialization;
using LetsCode.Judge.Model;

namespace LetsCode.Operator.Judging;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<TestCase>))]
internal sealed partial class TestSuiteJsonContext : JsonSerializerContext;
