using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Compact;

namespace Vibe.Hosting.Logging;

/// <summary>
/// How a Vibe process logs: through Serilog, to standard output, one line per entry — readable text by default, compact
/// JSON (CLEF) with <c>Vibe:Logging:Format=Json</c>. Levels come from <c>Logging:LogLevel</c> (Microsoft.Extensions.Logging's filters,
/// as with the console logger Vibe had before) and, for anything else Serilog can be told, from its own <c>Serilog</c>
/// section. Providers that tests or libraries register with Microsoft.Extensions.Logging still receive every entry.
/// </summary>
public static class VibeLogging
{
    /// <summary>The setting that chooses the output format: <see cref="Text"/> (the default) or <see cref="Json"/>.</summary>
    public const string FormatKey = "Vibe:Logging:Format";

    public const string Text = "Text";

    public const string Json = "Json";

    private const string TextTemplate = "{" + OneLineEnricher.TimeProperty + ":l} {Level:u3} {SourceContext:l}: {Message:lj}{" + OneLineEnricher.ErrorProperty + ":l}{NewLine}";

    /// <summary>
    /// Replaces the builder's log providers by Serilog's. Returns the problem with the configured format as a sentence
    /// (the process reports it at startup and logs as text meanwhile), or null.
    /// </summary>
    public static string? AddVibeLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var format = configuration[FormatKey];
        var json = string.Equals(format, Json, StringComparison.OrdinalIgnoreCase);
        var problem = string.IsNullOrWhiteSpace(format) || json || string.Equals(format, Text, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"invalid configuration: {FormatKey} is '{format}'; use {Text} (readable lines, the default) or {Json} (compact JSON, one object per line). See docs/configuration.md.";

        // Serilog is one provider among Microsoft.Extensions.Logging's, not its replacement: the filters of
        // Logging:LogLevel and the ones code adds (through AddLogFilter) decide for every provider alike, and the
        // other providers (tests' captures) get the message as Microsoft.Extensions.Logging formats it.
        var logger = new LoggerConfiguration();
        ApplyLevels(logger, configuration.GetSection("Logging:LogLevel"));
        logger.ReadFrom.Configuration(configuration).Enrich.FromLogContext();
        if (json)
        {
            logger.WriteTo.Console(new CompactJsonFormatter());
        }
        else
        {
            logger.Enrich.With<OneLineEnricher>().WriteTo.Console(outputTemplate: TextTemplate, formatProvider: CultureInfo.InvariantCulture);
        }

        var serilog = logger.CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(serilog, dispose: true);
        builder.Services.AddSingleton(serilog); // for a process that must end at once to flush it first (Clustering.DeclaredDeadExit)
        return problem;
    }

    /// <summary>
    /// Drops a category's entries below <paramref name="minimum"/> from every log provider, Serilog's console included.
    /// A filter added the usual way (<c>AddFilter(category, level)</c>) names no provider, and AddSerilog adds a rule of
    /// Serilog's own provider (every category, every level) that outranks such rules, so the console would still show them.
    /// </summary>
    public static IServiceCollection AddLogFilter(this IServiceCollection services, string category, LogLevel minimum) =>
        services.Configure<LoggerFilterOptions>(filters =>
        {
            filters.AddFilter(category, minimum);
            filters.AddFilter<SerilogLoggerProvider>(category, minimum);
        });

    /// <summary>
    /// Gives Serilog the levels of <c>Logging:LogLevel</c> too (Default and one override per category), so that what the
    /// console shows does not depend on the filters code adds for other providers.
    /// </summary>
    private static void ApplyLevels(LoggerConfiguration logger, IConfigurationSection levels)
    {
        logger.MinimumLevel.Is(Level(levels["Default"]) ?? LogEventLevel.Information);
        foreach (var category in levels.GetChildren())
        {
            if (!string.Equals(category.Key, "Default", StringComparison.OrdinalIgnoreCase) && Level(category.Value) is { } level)
            {
                logger.MinimumLevel.Override(category.Key, level);
            }
        }
    }

    private static LogEventLevel? Level(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogEventLevel.Verbose,
        "DEBUG" => LogEventLevel.Debug,
        "INFORMATION" => LogEventLevel.Information,
        "WARNING" => LogEventLevel.Warning,
        "ERROR" => LogEventLevel.Error,
        "CRITICAL" => LogEventLevel.Fatal,
        "NONE" => LevelAlias.Off,
        _ => null,
    };

    /// <summary>
    /// What the text lines need beyond Serilog's own properties: the time in UTC, and the exception (type, message and
    /// stack) on the same line as its entry, so that one entry is always one line.
    /// </summary>
    private sealed class OneLineEnricher : ILogEventEnricher
    {
        public const string TimeProperty = "VibeUtcTime";

        public const string ErrorProperty = "VibeError";

        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            logEvent.AddOrUpdateProperty(new LogEventProperty(TimeProperty, new ScalarValue(
                logEvent.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))));
            var error = logEvent.Exception is { } exception ? " " + exception.ToString().ReplaceLineEndings(" ") : "";
            logEvent.AddOrUpdateProperty(new LogEventProperty(ErrorProperty, new ScalarValue(error)));
        }
    }
}
