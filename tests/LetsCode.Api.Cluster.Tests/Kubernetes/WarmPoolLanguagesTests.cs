using LetsCode.Api.Cluster.Kubernetes;
using LetsCode.Api.Contracts;
using LetsCode.Judge.Languages;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Resources;

namespace LetsCode.Api.Cluster.Tests.Kubernetes;

/// <summary>The cluster's language catalog from its WarmPools (pure).</summary>
public sealed class WarmPoolLanguagesTests
{
    private static readonly LanguageRegistry Registry = LanguageRegistry.CreateDefault();

    [Fact]
    public void One_language_per_live_pool_with_the_judge_librarys_traits()
    {
        var pools = new[]
        {
            Pool("python3-b", "python3", "ghcr.io/letscode/runner-python3:3.12"),
            Pool("python3-a", "python3", "ghcr.io/letscode/runner-python3:3.11"),
            Pool("cpp", "cpp", "registry.local:5000/runner-cpp@sha256:abc"),
            Pool("java", "java", "runner-java:17", deleting: true),
            Pool("go", "go", "runner-go:1.22"),
        };

        var languages = WarmPoolLanguages.Describe(pools, [], Registry);

        Assert.Equal(
        [
            new LanguageDocument("cpp", "unknown", Compiled: true, FunctionStyle: false),
            new LanguageDocument("go", "1.22", Compiled: false, FunctionStyle: false), // unknown to this library: offered plainly
            new LanguageDocument("python3", "3.11", Compiled: false, FunctionStyle: true), // the first pool by name speaks
        ], languages);
    }

    [Fact]
    public void A_pinned_list_narrows_the_offer_but_never_adds_a_language_without_a_pool()
    {
        var pools = new[] { Pool("python3", "python3", "runner:1"), Pool("cpp", "cpp", "runner:2") };

        var languages = WarmPoolLanguages.Describe(pools, ["python3", "java"], Registry);

        Assert.Equal(["python3"], languages.Select(l => l.Name));
        Assert.Empty(WarmPoolLanguages.Describe([], ["python3"], Registry));
    }

    [Fact]
    public void Before_the_pools_are_known_the_pinned_languages_are_offered()
    {
        Assert.Equal(
            [new LanguageDocument("java", "unknown", true, false), new LanguageDocument("python3", "unknown", false, true)],
            WarmPoolLanguages.Pinned(["python3", "java", "python3"], Registry));
        Assert.Empty(WarmPoolLanguages.Pinned([], Registry));
    }

    [Theory]
    [InlineData("ghcr.io/letscode/runner-python3:3.11.2", "3.11.2")]
    [InlineData("runner:latest", "latest")]
    [InlineData("registry.local:5000/runner", null)]
    [InlineData("registry.local:5000/runner:1.0@sha256:0123", "1.0")]
    [InlineData("runner@sha256:0123", null)]
    [InlineData("", null)]
    public void The_image_tag_is_the_fallback_version(string image, string? tag) => Assert.Equal(tag, WarmPoolLanguages.ImageTag(image));

    [Fact]
    public void The_version_annotation_wins_over_the_tag()
    {
        var pool = Pool("python3", "python3", "runner:stable");
        pool.Metadata.Annotations = new Dictionary<string, string> { [WarmPoolLanguages.VersionAnnotation] = "3.11.2" };
        Assert.Equal("3.11.2", WarmPoolLanguages.VersionOf(pool));
    }

    private static WarmPool Pool(string name, string language, string image, bool deleting = false) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "sandbox", DeletionTimestamp = deleting ? DateTimeOffset.UtcNow : null },
        Spec = new WarmPoolSpec { Language = language, Image = image },
    };
}
