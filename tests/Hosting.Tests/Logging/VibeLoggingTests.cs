using Microsoft.AspNetCore.Builder;
using Vibe.Hosting.Logging;

namespace Vibe.Hosting.Tests.Logging;

/// <summary>The log filters code adds reach Serilog, the only provider a Vibe process logs through.</summary>
public sealed class VibeLoggingTests
{
    private const string Filtered = "Some.Library.NoisyDispatcher";

    [Fact]
    public async Task A_category_filtered_in_code_is_kept_from_Serilogs_output_and_other_categories_are_not()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        Assert.Null(builder.AddVibeLogging());
        builder.Services.AddLogFilter(Filtered, LogLevel.Critical);
        await using var app = builder.Build();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        var filtered = loggers.CreateLogger(Filtered);
        Assert.False(filtered.IsEnabled(LogLevel.Error), "an Error of the filtered category would still reach Serilog's console");
        Assert.True(filtered.IsEnabled(LogLevel.Critical));
        Assert.True(loggers.CreateLogger("Some.Library.Other").IsEnabled(LogLevel.Error));
        Assert.False(loggers.CreateLogger("Some.Library.Other").IsEnabled(LogLevel.Debug));
    }
}
