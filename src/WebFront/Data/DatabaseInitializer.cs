using System.Data.Common;
using Vibe.Hosting;

namespace Vibe.WebFront.Data;

/// <summary>Creates the app tables that are missing before anything else starts; a database that cannot be used stops startup in one line.</summary>
internal sealed partial class DatabaseInitializer(VibeDatabase database, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await database.EnsureSchemaAsync(logger, cancellationToken);
        }
        catch (DbException failed)
        {
            var setting = database.Dialect == DatabaseDialect.PostgreSql
                ? "Check Vibe:Database:ConnectionString (or Vibe:Cluster:ConnectionString) and that the server runs."
                : "Check that the data directory (Vibe:DataDirectory) is writable and vibe.db is a SQLite database.";
            throw new VibeStartupException($"the app database ({database.Description}) cannot be used: {failed.Message.TrimEnd('.')}. {setting}", failed);
        }

        LogReady(logger, database.Description);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "App database ready: {Database}")]
    private static partial void LogReady(ILogger logger, string database);
}
