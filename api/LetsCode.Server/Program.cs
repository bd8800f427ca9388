using LetsCode.Api.Cluster.Composition;
using LetsCode.Api.Cluster.Kubernetes;
using LetsCode.Api.Composition;
using LetsCode.Api.Configuration;
using LetsCode.Server;

// One binary, two modes: embedded (SQLite, in-process queue and judge) or cluster (PostgreSQL, Redis Streams, and the
// dispatcher that creates Submission resources for the operator). Only the seams differ; the API is the same.
// appsettings.json ships next to the binary; ./data (LetsCode:DataDirectory) stays relative to where it is started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// Without an address from --urls, Urls/ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS (what containers set), listen where
// `make run` does: loopback only, so a laptop never exposes the judge to its network by default.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:8080");
}
builder.AddLetsCode();
if (ServiceModeSelector.Select(builder.Configuration) == ServiceMode.Cluster)
{
    builder.Services.AddLetsCodeCluster(builder.Configuration);
    builder.Services.AddKubernetesSandbox();
}

var app = builder.Build();
app.MapLetsCode();
app.Run();

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
