using System.Text;
using Vibe.Grains.Documents;

namespace Vibe.Grains.Tests.Documents;

/// <summary>Creates a workspace with one file and hands out its document grain, on a <see cref="WorkspaceSilo"/>.</summary>
internal static class DocumentTestSupport
{
    /// <summary>Short timings, so file sync shows within a test's patience; a short history so falling behind is cheap to reach.</summary>
    public static void Configure(WorkspaceOptions options)
    {
        options.MaxFileBytes = 64 * 1024;
        options.Documents.WriteDelay = TimeSpan.FromMilliseconds(50);
        options.Documents.DiskPollPeriod = TimeSpan.FromMilliseconds(100);
        options.Documents.HistoryLength = 16;
        options.Documents.SnapshotInterval = 5;
    }

    public static async Task<TestDocument> CreateAsync(WorkspaceSilo silo, string content, string path = "src/app.js", bool start = false)
    {
        var workspace = start ? await silo.StartWorkspaceAsync() : await silo.CreateAsync();
        var workspaceId = (await workspace.GetInfo()).Id;
        await workspace.WriteFile(path, Encoding.UTF8.GetBytes(content));
        return new TestDocument(silo, workspace, workspaceId, path);
    }

    /// <summary>A ChangeSet JSON inserting <paramref name="insert"/> at <paramref name="at"/> into a document of <paramref name="length"/>.</summary>
    public static string Insert(int length, int at, string insert) => ChangeSet.Replacement(length, at, 0, insert);
}
