using LetsCode.Api.Configuration;
using LetsCode.Server;
using Microsoft.Extensions.Configuration;

namespace LetsCode.Api.Cluster.Tests;

public sealed class ServiceModeSelectorTests
{
    [Theory]
    [InlineData(null, null, ServiceMode.Embedded)]
    [InlineData(null, "Cluster", ServiceMode.Cluster)]
    [InlineData("cluster", null, ServiceMode.Cluster)]
    [InlineData("Cluster", "Embedded", ServiceMode.Cluster)] // the chart's top-level Mode overrides the shipped appsettings
    [InlineData("Embedded", "Cluster", ServiceMode.Embedded)]
    [InlineData("  ", null, ServiceMode.Embedded)]
    public void Top_level_mode_wins_over_the_letscode_section(string? topLevel, string? section, ServiceMode expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mode"] = topLevel,
            ["LetsCode:Mode"] = section,
        }).Build();

        Assert.Equal(expected, ServiceModeSelector.Select(configuration));
    }

    [Fact]
    public void An_unknown_mode_stops_start_up_with_a_message_naming_the_choices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Mode"] = "Clustered" }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => ServiceModeSelector.Select(configuration));
        Assert.Contains("Embedded or Cluster", error.Message, StringComparison.Ordinal);
        Assert.Contains("Clustered", error.Message, StringComparison.Ordinal);
    }
}
