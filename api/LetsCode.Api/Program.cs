using LetsCode.Api.Composition;

// appsettings.json ships next to the binary; ./data (LetsCode:DataDirectory) stays relative to where it is started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddLetsCode();
var app = builder.Build();
app.MapLetsCode();
app.Run();

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
