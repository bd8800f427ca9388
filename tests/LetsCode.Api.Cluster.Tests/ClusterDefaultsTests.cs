using LetsCode.Api.Cluster.Configuration;
using LetsCode.Operator.Configuration;

namespace LetsCode.Api.Cluster.Tests;

public sealed class ClusterDefaultsTests
{
    [Fact]
    public void The_api_and_the_operator_default_to_the_same_sandbox_namespace()
    {
        // With defaults on both sides, the Submissions the API creates must land where the operator watches.
        Assert.Equal(new OperatorOptions().Namespace, new ClusterOptions().Namespace);
    }
}
