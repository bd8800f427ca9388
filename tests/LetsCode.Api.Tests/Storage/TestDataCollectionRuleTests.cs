using LetsCode.Api.Storage;

namespace LetsCode.Api.Tests.Storage;

/// <summary>The collection decision on its own: old enough and unreferenced, nothing else.</summary>
public sealed class TestDataCollectionRuleTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly TestDataCollectionRule Rule = new(TimeSpan.FromHours(24));

    [Fact]
    public void An_unreferenced_blob_stored_before_the_grace_period_is_selected()
    {
        var old = Blob('a', Now.AddHours(-25));

        Assert.Equal([old], Rule.SelectForDeletion([old], References(), Now));
    }

    [Fact]
    public void A_referenced_blob_is_kept_however_old()
    {
        var input = Blob('a', Now.AddDays(-400));
        var output = Blob('b', Now.AddDays(-400));

        Assert.Empty(Rule.SelectForDeletion([input, output], References(input, output), Now));
    }

    [Fact]
    public void An_unreferenced_blob_stored_within_the_grace_period_is_kept()
    {
        var young = Blob('a', Now.AddHours(-23));
        var atCutoff = Blob('b', Now.AddHours(-24));

        Assert.Empty(Rule.SelectForDeletion([young, atCutoff], References(), Now));
        Assert.Equal(Now.AddHours(-24), Rule.CutoffAt(Now));
    }

    [Fact]
    public void Only_the_old_unreferenced_ones_of_a_mixed_listing_are_selected()
    {
        var referenced = Blob('a', Now.AddDays(-3));
        var garbage = Blob('b', Now.AddDays(-3));
        var young = Blob('c', Now.AddMinutes(-5));
        var moreGarbage = Blob('d', Now.AddDays(-30));

        Assert.Equal([garbage, moreGarbage], Rule.SelectForDeletion([referenced, garbage, young, moreGarbage], References(referenced), Now));
    }

    [Fact]
    public void A_zero_grace_period_selects_everything_unreferenced_stored_before_now_and_a_negative_one_is_refused()
    {
        var rule = new TestDataCollectionRule(TimeSpan.Zero);
        var past = Blob('a', Now.AddTicks(-1));

        Assert.Equal([past], rule.SelectForDeletion([past, Blob('b', Now)], References(), Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TestDataCollectionRule(TimeSpan.FromSeconds(-1)));
    }

    private static ListedBlob Blob(char fill, DateTimeOffset storedAt) => new(new string(fill, 64), 10, storedAt);

    private static HashSet<string> References(params ListedBlob[] blobs) => blobs.Select(b => b.Sha256).ToHashSet(StringComparer.Ordinal);
}
