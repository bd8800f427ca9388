using LetsCode.Testing.Postgres;

namespace LetsCode.Testing.Tests.Postgres;

public sealed class PostgresServerFixtureTests : IClassFixture<PostgresServerFixture>
{
    private readonly PostgresServerFixture _postgres;

    public PostgresServerFixtureTests(PostgresServerFixture postgres) => _postgres = postgres;

    [Fact]
    public async Task Databases_created_on_demand_are_separate()
    {
        var a = await _postgres.CreateUniqueDatabaseAsync(nameof(PostgresServerFixtureTests));
        var b = await _postgres.CreateUniqueDatabaseAsync(nameof(PostgresServerFixtureTests));
        Assert.NotEqual(a, b);

        await PostgresServerTests.ExecuteAsync(a, "CREATE TABLE only_in_a (x int)");

        Assert.Equal(1L, await PostgresServerTests.ScalarAsync<long>(a, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'"));
        Assert.Equal(0L, await PostgresServerTests.ScalarAsync<long>(b, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'"));
    }

    [Theory]
    [InlineData("LetsCode.Api.Tests+ClusterModeTests", "letscode_api_tests_clustermodetests_")]
    [InlineData("42 things", "db_42_things_")]
    [InlineData("***", "db__")]
    public void Unique_names_are_valid_identifiers(string hint, string expectedPrefix)
    {
        var name = DatabaseName.Unique(hint);
        Assert.StartsWith(expectedPrefix, name, StringComparison.Ordinal);
        Assert.Equal(name, DatabaseName.Validate(name));
        Assert.True(name.Length <= 63);
        Assert.Equal(63, DatabaseName.Unique(new string('a', 200)).Length);
    }
}
