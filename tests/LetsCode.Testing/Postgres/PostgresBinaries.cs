namespace LetsCode.Testing.Postgres;

/// <summary>Where the PostgreSQL server programs live (Debian's postgresql-15 package by default).</summary>
public sealed record PostgresBinaries(string Directory)
{
    public const string DefaultDirectory = "/usr/lib/postgresql/15/bin";

    /// <summary>Overrides the default location, e.g. for another major version on a developer machine.</summary>
    public const string DirectoryVariable = "LETSCODE_POSTGRES_BIN";

    public string InitDb => Path.Combine(Directory, "initdb");

    public string Postgres => Path.Combine(Directory, "postgres");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    public static PostgresBinaries Locate()
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured ? configured : DefaultDirectory;
        var binaries = new PostgresBinaries(directory);
        foreach (var program in new[] { binaries.InitDb, binaries.Postgres, binaries.PgCtl })
        {
            if (!File.Exists(program))
            {
                throw new InvalidOperationException(
                    $"{program} is missing: run scripts/setup.sh (Debian package postgresql), or point {DirectoryVariable} at a PostgreSQL bin directory.");
            }
        }

        return binaries;
    }
}
