using LetsCode.Api.Cluster.TestData;

namespace LetsCode.Api.Cluster.Composition;

/// <summary>
/// Maps the internal test-data endpoints in front of the service's own pipeline, so registering cluster mode is
/// enough to expose them (and embedded mode never does). A branch with its own routing keeps them apart from the
/// public API and its OpenAPI document.
/// </summary>
internal sealed class ClusterEndpointsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Map(InternalTestDataEndpoints.Prefix, branch =>
        {
            branch.UseRouting();
            branch.UseEndpoints(endpoints => endpoints.MapInternalTestDataRoutes());
        });
        next(app);
    };
}
