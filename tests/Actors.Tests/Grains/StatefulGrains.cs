namespace Vibe.Actors.Tests.Grains;

public sealed class Profile
{
    public string Name { get; set; } = "";

    public List<string> Tags { get; set; } = [];

    public int SavedOnDeactivate { get; set; }
}

public interface IProfileGrain : IGrainWithStringKey
{
    Task SetName(string name);

    Task<string> GetName();

    Task<string?> GetEtag();

    Task<Guid> GetActivationId();

    Task Deactivate();

    Task Clear();

    Task<int> SavedOnDeactivate();
}

/// <summary>Keeps a profile in the default storage, and writes once more in OnDeactivateAsync.</summary>
public sealed class ProfileGrain([PersistentState("profile")] IPersistentState<Profile> profile) : Grain, IProfileGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public async Task SetName(string name)
    {
        profile.State.Name = name;
        profile.State.Tags.Add(name);
        await profile.WriteStateAsync();
    }

    public Task<string> GetName() => Task.FromResult(profile.State.Name);

    public Task<string?> GetEtag() => Task.FromResult(profile.Etag);

    public Task<Guid> GetActivationId() => Task.FromResult(_activationId);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task Clear() => profile.ClearStateAsync();

    public Task<int> SavedOnDeactivate() => Task.FromResult(profile.State.SavedOnDeactivate);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason.ReasonCode == DeactivationReasonCode.ShuttingDown && profile.RecordExists)
        {
            profile.State.SavedOnDeactivate++;
            await profile.WriteStateAsync(cancellationToken);
        }
    }
}

/// <summary>Records every deactivation the silo performs, for collection tests.</summary>
public sealed class DeactivationLog
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Grain, DeactivationReasonCode Reason)> _entries = new();

    public void Add(GrainId grainId, DeactivationReasonCode reason) => _entries.Enqueue((grainId.ToString(), reason));

    public bool Contains(string grain, DeactivationReasonCode reason) => _entries.Contains((grain, reason));

    public bool Contains(string grain) => _entries.Any(e => e.Grain == grain);
}

public interface IShortLivedGrain : IGrainWithStringKey
{
    Task Touch();
}

[CollectionAgeLimit(Seconds = 0.3)]
public sealed class ShortLivedGrain(DeactivationLog log) : Grain, IShortLivedGrain
{
    public Task Touch() => Task.CompletedTask;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Add(GrainId, reason.ReasonCode);
        return Task.CompletedTask;
    }
}

public interface ILongLivedGrain : IGrainWithStringKey
{
    Task Touch();
}

public sealed class LongLivedGrain(DeactivationLog log) : Grain, ILongLivedGrain
{
    public Task Touch() => Task.CompletedTask;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Add(GrainId, reason.ReasonCode);
        return Task.CompletedTask;
    }
}
