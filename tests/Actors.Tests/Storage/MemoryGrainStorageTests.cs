using System.Collections.Concurrent;
using Vibe.Actors.Storage;

namespace Vibe.Actors.Tests.Storage;

public sealed class MemoryGrainStorageTests : GrainStorageContractTests
{
    // A memory provider has no service id: each service is its own instance.
    private readonly ConcurrentDictionary<string, MemoryGrainStorage> _services = new();

    protected override Task<IGrainStorage> CreateStorageAsync(string serviceId) =>
        Task.FromResult<IGrainStorage>(_services.GetOrAdd(serviceId, _ => new MemoryGrainStorage(new JsonGrainStateSerializer())));
}
