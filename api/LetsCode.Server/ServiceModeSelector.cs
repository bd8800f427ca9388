using LetsCode.Api.Configuration;

namespace LetsCode.Server;

/// <summary>
/// Which mode the process runs in. The Helm chart sets a top-level <c>Mode</c>; appsettings and developers use
/// <c>LetsCode:Mode</c>. The top-level key wins so a deployment's environment overrides the shipped default.
/// </summary>
internal static class ServiceModeSelector
{
    public static ServiceMode Select(IConfiguration configuration)
    {
        var value = configuration["Mode"] ?? configuration["LetsCode:Mode"];
        if (string.IsNullOrWhiteSpace(value)) return ServiceMode.Embedded;
        return Enum.TryParse<ServiceMode>(value.Trim(), ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new InvalidOperationException($"Mode must be Embedded or Cluster, got '{value}'");
    }
}
