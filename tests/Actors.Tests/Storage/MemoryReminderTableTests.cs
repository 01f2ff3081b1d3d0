using System.Collections.Concurrent;
using Vibe.Actors.Reminders;

namespace Vibe.Actors.Tests.Storage;

public sealed class MemoryReminderTableTests : ReminderTableContractTests
{
    // A memory table has no service id: each service is its own instance.
    private readonly ConcurrentDictionary<string, MemoryReminderTable> _services = new();

    protected override Task<IReminderTable> CreateTableAsync(string serviceId) =>
        Task.FromResult<IReminderTable>(_services.GetOrAdd(serviceId, _ => new MemoryReminderTable()));
}
