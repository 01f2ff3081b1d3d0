using Microsoft.AspNetCore.Connections;
using Vibe.Actors.Hosting;
using Vibe.Grains;
using Vibe.Silo;
using Vibe.Silo.Health;
using Vibe.Silo.Hosting;
using Vibe.Silo.Samples;

// The embedded default: one process, one silo, SQLite in the data directory, HTTP on loopback.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory, // appsettings.json ships next to the binary; the data directory follows the current directory
});

builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.UseUtcTimestamp = true;
    console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
});

var vibe = builder.Configuration.GetSection(VibeOptions.SectionName).Get<VibeOptions>() ?? new VibeOptions();
var urls = vibe.ResolveUrls(builder.Configuration[WebHostDefaults.ServerUrlsKey]);
builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

using var dataDirectory = DataDirectory.Resolve(vibe.DataDirectory);
builder.Services.AddSilo(silo => silo
    .AddSqliteGrainStorage(dataDirectory.ConnectionString)
    .UseSqliteReminders(dataDirectory.ConnectionString)
    .AddInClusterStreams("default")
    .AddVibeGrains());
builder.Services.BindActorOptions(builder.Configuration);
builder.Services.AddSingleton<SiloReadiness>();
builder.Services.AddSingleton<ActivationCounter>();
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SiloJsonContext.Default));

await using var app = builder.Build();
var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Vibe.Silo");
var readiness = app.Services.GetRequiredService<SiloReadiness>();
_ = app.Services.GetRequiredService<ActivationCounter>(); // listens from before the first activation

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealthApi();
app.MapGreetingsApi();

if (!dataDirectory.TryOpen(out var problem))
{
    SiloLog.CannotStart(logger, problem);
    return 1;
}

if (ActorOptionsConfiguration.Validate(app.Services) is { } invalid)
{
    SiloLog.CannotStart(logger, $"invalid configuration: {invalid} See docs/configuration.md.");
    return 1;
}

SiloLog.Starting(logger, dataDirectory.Path, urls);
try
{
    await app.StartAsync();
}
catch (IOException bindFailed) when (bindFailed.InnerException is AddressInUseException)
{
    SiloLog.CannotStart(logger, $"{bindFailed.Message} Stop the process using it, or choose another address with --urls or Vibe:Urls.");
    return 1;
}

readiness.MarkStarted();
app.Lifetime.ApplicationStopping.Register(readiness.MarkStopping);
Console.WriteLine($"Vibe is running at {string.Join(", ", app.Urls)} (data: {dataDirectory.Path})");

await app.WaitForShutdownAsync();
SiloLog.Stopped(logger);
return 0;
