namespace LetsCode.Charts.Tests.Helm;

/// <summary>All chart tests share one located (or installed) helm and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class HelmCollection : ICollectionFixture<HelmCli>
{
    public const string Name = "helm";
}
