using Vibe.Actors.Reminders;

namespace Vibe.Actors.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTableTests(PostgresFixture postgres) : ReminderTableContractTests
{
    protected override async Task<IReminderTable> CreateTableAsync(string serviceId)
    {
        var table = new PostgresReminderTable(await postgres.GetDatabaseAsync(nameof(PostgresReminderTableTests)), serviceId);
        await table.InitializeAsync(CancellationToken.None);
        return table;
    }
}
