namespace Vibe.Actors.Hosting;

/// <summary>Work a component must finish before the silo accepts calls (for example creating its tables).</summary>
public interface ISiloStartupTask
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
