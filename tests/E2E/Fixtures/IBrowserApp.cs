using Microsoft.Playwright;

namespace Vibe.E2E.Tests.Fixtures;

/// <summary>
/// A running Vibe the browser scenarios use: one WebFront process (<see cref="VibeApp"/>) or a cluster of processes behind a
/// web silo (<see cref="ClusterApp"/>), with a headless Chromium to drive it.
/// </summary>
internal interface IBrowserApp
{
    /// <summary>Where the app serves the browser and the API.</summary>
    Uri BaseUrl { get; }

    VibeApi Api { get; }

    IBrowser Browser { get; }

    /// <summary>What the app's processes printed so far, for a failure report.</summary>
    string ServerOutput { get; }
}
