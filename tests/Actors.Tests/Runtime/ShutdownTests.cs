using Microsoft.Extensions.DependencyInjection;
using Vibe.Actors.Testing;
using Vibe.Actors.Tests.Grains;

namespace Vibe.Actors.Tests.Runtime;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Graceful_shutdown_deactivates_every_activation_and_their_writes_persist()
    {
        var file = Path.Combine(Path.GetTempPath(), $"vibe-shutdown-{Guid.NewGuid():N}.db");
        var connection = $"Data Source={file}";
        var log = new DeactivationLog();
        try
        {
            await using (var silo = await TestSiloHost.StartAsync(s => s.AddSqliteGrainStorage(connection), services => services.AddSingleton(log)))
            {
                for (var i = 0; i < 20; i++)
                {
                    await silo.GrainFactory.GetGrain<IProfileGrain>($"p{i}").SetName($"name {i}");
                }

                await silo.GrainFactory.GetGrain<ILongLivedGrain>("shutdown").Touch();
                await silo.StopAsync();
                Assert.True(log.Contains("longlived/shutdown", DeactivationReasonCode.ShuttingDown));

                await Assert.ThrowsAsync<SiloUnavailableException>(() => silo.GrainFactory.GetGrain<ICounterGrain>("after-stop").Add(1));
            }

            await using var restarted = await TestSiloHost.StartAsync(s => s.AddSqliteGrainStorage(connection));
            for (var i = 0; i < 20; i++)
            {
                var profile = restarted.GrainFactory.GetGrain<IProfileGrain>($"p{i}");
                Assert.Equal($"name {i}", await profile.GetName());
                Assert.Equal(1, await profile.SavedOnDeactivate());
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
