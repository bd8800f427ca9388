namespace LetsCode.Api.Cluster.Configuration;

/// <summary>Section "Database": schema migrations at start-up are opt-in in a cluster (a Helm hook or one replica runs them).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending schema migrations when a replica starts (replicas serialise on an advisory lock).</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>The Helm chart's spelling (Database__ApplyMigrations); either one turns migrations on.</summary>
    public bool ApplyMigrations { get; set; }

    public bool ShouldMigrate => MigrateOnStartup || ApplyMigrations;
}
