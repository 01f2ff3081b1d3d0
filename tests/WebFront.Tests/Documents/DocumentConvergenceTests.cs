using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vibe.TestSupport;
using Xunit.Abstractions;

namespace Vibe.WebFront.Tests.Documents;

/// <summary>
/// Ten headless <c>@codemirror/collab</c> editors in Node (collab-client/convergence.mjs) edit one file at random, with
/// random delays and random disconnections, against the real WebFront and document grain; once they stop and settle,
/// every editor's text must equal the grain's text and the file on disk. Each run uses new random seeds (printed, and
/// named in any failure); set VIBE_CONVERGENCE_SEEDS=1,2,3 to replay seeds, VIBE_CONVERGENCE_MS to edit longer per seed.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class DocumentConvergenceTests(WebFrontFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Clients = 10;
    private const int SeedsPerRun = 4;
    private const int DefaultEditMilliseconds = 6000;
    private const string InitialText = "fn main() {\n  print(\"🚀 start\");\n}\n";

    private DocumentTestApp? _app;

    private DocumentTestApp App => _app!;

    /// <summary>
    /// A short history, so that some editors coming back from a disconnection are too far behind and reload (dropping
    /// their unconfirmed edits), while others pull and rebase theirs: both ways must converge.
    /// </summary>
    public async Task InitializeAsync() => _app = await DocumentTestApp.StartAsync(fixture, new Dictionary<string, string?>
    {
        ["Vibe:Workspaces:Documents:HistoryLength"] = "128",
    });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ten_editors_editing_at_random_with_disconnections_all_end_with_the_grains_text_and_the_file()
    {
        var owner = await App.Factory.RegisterAsync();
        var member = await App.Factory.RegisterAsync();
        var teamId = await App.Rest.CreateTeamAsync(owner, (member, "Member"));
        var workspaceId = await App.Rest.CreateWorkspaceAsync(owner, teamId, "convergence");
        var editMilliseconds = int.TryParse(Environment.GetEnvironmentVariable("VIBE_CONVERGENCE_MS"), CultureInfo.InvariantCulture, out var ms) ? ms : DefaultEditMilliseconds;

        foreach (var seed in Seeds())
        {
            output.WriteLine($"seed {seed}");
            var path = $"src/seed-{seed}.rs";
            await App.WriteFileAsync(owner, workspaceId, path, InitialText);

            var report = await App.Client.RequestAsync(new JsonObject
            {
                ["op"] = "converge",
                ["url"] = App.HubUrl.ToString(),
                ["tokens"] = new JsonArray(owner.AccessToken, member.AccessToken),
                ["workspaceId"] = workspaceId,
                ["path"] = path,
                ["seed"] = seed,
                ["clients"] = Clients,
                ["durationMs"] = editMilliseconds,
            });

            var document = await App.Document(workspaceId, path).GetText();
            var texts = report.GetProperty("texts").EnumerateArray().Select(t => t.GetString()).ToArray();
            var versions = report.GetProperty("versions").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            output.WriteLine($"seed {seed}: version {document.Version}, {document.Text.Length} characters; {Totals(report.GetProperty("stats"))}");
            Assert.True(document.Version > Clients, $"seed {seed}: only {document.Version} updates were accepted");
            for (var i = 0; i < Clients; i++)
            {
                Assert.True(document.Text == texts[i], $"seed {seed}: editor {i} has {Describe(texts[i])} but the grain has {Describe(document.Text)}");
                Assert.True(document.Version == versions[i], $"seed {seed}: editor {i} is at version {versions[i]}, the grain at {document.Version}");
            }

            Assert.All(report.GetProperty("unconfirmed").EnumerateArray(), u => Assert.Equal(0, u.GetInt32()));
            await Eventually.Until(
                async () => await App.ReadFileAsync(owner, workspaceId, path) == document.Text,
                $"seed {seed}: the file on disk to hold the grain's text",
                TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>The seeds to replay from VIBE_CONVERGENCE_SEEDS, else new random ones.</summary>
    private static IReadOnlyList<int> Seeds()
    {
        var replay = Environment.GetEnvironmentVariable("VIBE_CONVERGENCE_SEEDS");
        if (!string.IsNullOrWhiteSpace(replay))
        {
            return [.. replay.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        }

        return [.. Enumerable.Range(0, SeedsPerRun).Select(_ => Random.Shared.Next(1, int.MaxValue))];
    }

    /// <summary>What the editors did, summed: edits, pushes (and how many were rejected), pulls, reloads, disconnections.</summary>
    private static string Totals(JsonElement stats)
    {
        var names = new[] { "edits", "pushes", "rejected", "pulls", "reloads", "disconnects" };
        return string.Join(", ", names.Select(name => $"{stats.EnumerateArray().Sum(editor => editor.GetProperty(name).GetInt32())} {name}"));
    }

    private static string Describe(string? text) =>
        text is null ? "no text" : $"{text.Length} characters {JsonSerializer.Serialize(text.Length > 200 ? text[..200] + "…" : text)}";
}
