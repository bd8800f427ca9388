namespace LetsCode.Api.Cluster.Configuration;

/// <summary>Where a cluster keeps problem test data (Cluster:TestDataStore); every replica must see every blob.</summary>
public enum TestDataStoreKind
{
    /// <summary>Chunked blobs in the shared PostgreSQL database (PostgresTestDataStore): nothing else to provision.</summary>
    Postgres,

    /// <summary>The embedded file store under LetsCode:DataDirectory, which must then be one ReadWriteMany volume.</summary>
    File,
}
