using Vibe.Hosting;

namespace Vibe.WebFront.Data;

internal static class DataServiceCollectionExtensions
{
    private const string SqliteFileName = "vibe.db";

    /// <summary>
    /// Registers <see cref="VibeDatabase"/> and the startup step that creates its tables. Call it before the services
    /// that use the database at startup: hosted services start in the order they were added.
    /// </summary>
    public static IServiceCollection AddVibeDatabase(this IServiceCollection services, IConfiguration configuration, VibeHost host)
    {
        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var postgres = !string.IsNullOrWhiteSpace(options.ConnectionString) ? options.ConnectionString
            : host.Cluster.IsEnabled ? host.Cluster.Settings.ConnectionString
            : null;
        services.AddSingleton(_ =>
        {
            if (postgres is null)
            {
                return VibeDatabase.ForSqlite(Path.Combine(host.DataDirectory.Path, SqliteFileName));
            }

            try
            {
                return VibeDatabase.ForPostgres(postgres);
            }
            catch (ArgumentException unparsable)
            {
                throw new VibeStartupException($"Vibe:Database:ConnectionString is not an Npgsql connection string ({unparsable.Message}); expected e.g. \"Host=127.0.0.1;Port=5432;Database=vibe;Username=vibe;Password=...\".", unparsable);
            }
        });
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }
}
