using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using Vibe.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static Vibe.E2E.Tests.Fixtures.TestWorkspaces;
using ClusterMember = Vibe.TestSupport.ClusterMember;

namespace Vibe.E2E.Tests;

/// <summary>
/// Vibe on a cluster (<see cref="ClusterApp"/>) loses the grain silo that holds a workspace's grains (the workspace, its
/// open document, its terminal) as an operator would see it happen: the process hangs (SIGSTOP) past failure detection,
/// then is killed (SIGKILL), and a second grain silo takes over. Two people type into the document all along, a third
/// page types into a terminal, and an API client keeps reading the workspace. Nothing typed is lost or doubled, on screen
/// or on disk, the editors end without an error, the terminal's typing arrives or the page says it may not have, and the
/// API answers 503 with Retry-After or succeeds. One outage serves the three checks, so the class starts one cluster.
/// </summary>
public sealed class ClusterFailoverTests(ClusterApp app, ITestOutputHelper output) : IClassFixture<ClusterApp>
{
    private const string FileName = "notes.txt";
    private const string TerminalMarker = "typed-during-the-outage";
    private static readonly TimeSpan s_recoveryBound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Typing_survives_the_documents_silo_freezing_then_dying_the_terminal_and_the_API_recover_or_say_so()
    {
        var clock = Stopwatch.StartNew();
        await using var scenario = app.Scenario();
        var (owner, ownerEmail, _, memberEmail, workspace) =
            await StartSharedAsync(app, "failover", "failover", "member", "Mia Member", "Member");
        const string Initial = "olga:\nmia:\n";
        await owner.WriteFileAsync(workspace.Id, FileName, Initial);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: workspace {workspace.Id} running");

        // Arrange: the owner in a terminal on a page of its own and with the file open on another, so that every grain of
        // the workspace (its own, its terminal's, its document's) is on silo-1, the only grain silo so far.
        var terminalPage = await scenario.OpenPageAsync("terminal");
        await terminalPage.SignInAsync(ownerEmail);
        await terminalPage.GotoAsync($"/workspaces/{workspace.Id}");
        await terminalPage.TestId("terminal-open-first").ClickAsync();
        await terminalPage.ExpectShellPromptAsync();
        await RecordErrorToastsAsync(terminalPage);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: terminal open");
        var ownerPage = await scenario.OpenPageAsync("owner");
        await OpenTheFileAsync(ownerPage, ownerEmail, workspace.Id);
        ClusterMember? victim = null;
        await Eventually.Until(
            async () => (victim = await app.HostOfAsync("Vibe.Grains.Documents.DocumentGrain", workspace.Id)) is not null,
            "the document's grain silo to be found",
            TimeSpan.FromSeconds(30));
        Assert.Same(app.GrainSilos[0], victim);

        // A second grain silo joins while the member opens the file and both start typing, each on their own line.
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: document open on {victim!.Name}");
        var joining = app.AddGrainSiloAsync("silo-2");
        var memberPage = await scenario.OpenPageAsync("member");
        await OpenTheFileAsync(memberPage, memberEmail, workspace.Id);
        await PlaceCursorAtEndOfLineAsync(ownerPage, "olga:");
        await PlaceCursorAtEndOfLineAsync(memberPage, "mia:");
        using var stopTyping = new CancellationTokenSource();
        var olga = new Typist(ownerPage, "o");
        var mia = new Typist(memberPage, "m");
        var typing = Task.WhenAll(olga.TypeUntilAsync(stopTyping.Token), mia.TypeUntilAsync(stopTyping.Token));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: both typing");
        var survivor = await joining;
        await Task.WhenAny(typing, Task.WhenAll(olga.HasTypedAsync(3), mia.HasTypedAsync(3)));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {survivor.Name} joined; document on {victim!.Name}, workspace on {(await app.HostOfAsync("Vibe.Grains.Workspaces.WorkspaceGrain", workspace.Id))?.Name}, terminal on {(await app.HostOfAsync("Vibe.Grains.Terminals.ContainerSessionGrain", workspace.Id))?.Name}");

        // Act: silo-1 hangs past failure detection, then dies, while they type, the terminal is typed into and the API read.
        await victim.Process.PauseAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: SIGSTOP {victim.Name}");
        using var stopReading = new CancellationTokenSource();
        var reading = ReadThroughTheOutageAsync(owner.AccessToken, workspace.Id, stopReading.Token);
        await terminalPage.TypeCommandAsync($"echo {TerminalMarker} >> /workspace/terminal.txt");

        // Frozen for longer than failure detection: the web silo counts it out; then it dies.
        await Eventually.Until(
            async () => (await app.Web.ReadinessAsync())?.ActiveSilos == 2,
            $"the web silo to count the frozen {victim.Name} out",
            s_recoveryBound);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {victim.Name} declared dead; SIGKILL");
        await victim.Process.KillAsync();
        var (olgaAtKill, miaAtKill) = (olga.Count, mia.Count);
        await Task.WhenAny(typing, Task.WhenAll(olga.HasTypedAsync(olgaAtKill + 3), mia.HasTypedAsync(miaAtKill + 3)));
        await stopTyping.CancelAsync();
        await typing;
        await stopReading.CancelAsync();
        var answers = await reading;
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: typing stopped: olga {olga.Count} words ({olgaAtKill} before the kill), mia {mia.Count} ({miaAtKill})");

        // Assert: the editors settle without an error; every word typed is in the document once, on screen and on disk.
        foreach (var page in new[] { ownerPage, memberPage })
        {
            var settled = new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)s_recoveryBound.TotalMilliseconds };
            await Expect(Editor(page)).ToHaveAttributeAsync("data-unsynced", "false", settled);
            await Expect(Editor(page)).ToHaveAttributeAsync("data-retrying", "false", settled);
            await Expect(Editor(page).GetByTestId("editor-sync")).ToHaveTextAsync("saved");
            await Expect(Editor(page).GetByTestId("editor-save-error")).ToHaveCountAsync(0);
            await Expect(Editor(page).GetByTestId("editor-offline")).ToHaveCountAsync(0);
            await Expect(Editor(page).GetByTestId("editor-notice")).ToHaveCountAsync(0);
        }

        var typed = olga.Words.Concat(mia.Words).ToList();
        var expectedLength = Initial.Length + typed.Sum(w => w.Length);
        var ownerText = await DocumentTextAsync(ownerPage);
        await Expect(EditorText(memberPage)).ToHaveTextAsync(await EditorText(ownerPage).TextContentAsync() ?? "");
        AssertEachWordOnce(ownerText, typed, expectedLength, "the owner's editor");
        Assert.Equal(ownerText, await DocumentTextAsync(memberPage));
        var onDisk = Path.Combine(app.DataDirectory, "workspaces", workspace.Id, FileName);
        var diskText = "";
        await Eventually.Until(
            async () => (diskText = await File.ReadAllTextAsync(onDisk)) == ownerText,
            "the file on disk to hold what the editors show",
            s_recoveryBound);
        AssertEachWordOnce(diskText, typed, expectedLength, "the file on disk");

        // The terminal's typing during the outage arrived, or the page said it may not have.
        var terminalFile = Path.Combine(app.DataDirectory, "workspaces", workspace.Id, "terminal.txt");
        var errors = Array.Empty<string>();
        await Eventually.Until(
            async () =>
            {
                errors = await terminalPage.EvaluateAsync<string[]>("() => window.vibeErrors");
                return (File.Exists(terminalFile) && (await File.ReadAllTextAsync(terminalFile)).Contains(TerminalMarker, StringComparison.Ordinal))
                    || errors.Length > 0;
            },
            "the terminal's input typed during the outage to arrive or be reported",
            s_recoveryBound);
        output.WriteLine($"terminal: file {(File.Exists(terminalFile) ? "written" : "not written")}; errors shown: [{string.Join(" | ", errors)}]");

        // The API answered every read during the outage with success or 503 + Retry-After, and succeeded in the end.
        output.WriteLine($"API during the outage: {string.Join(", ", answers.GroupBy(a => a).Select(g => $"{g.Count()} x {g.Key}"))}");
        Assert.All(answers, a => Assert.True(a is "200" or "503 Retry-After", $"The API answered {a} during the outage: {string.Join(", ", answers)}"));
        Assert.Equal("200", answers[^1]);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: done");
        scenario.Complete();
    }

    /// <summary>Signs <paramref name="email"/> in on <paramref name="page"/> and opens the file in the editor, ready to type.</summary>
    private static async Task OpenTheFileAsync(IPage page, string email, string workspaceId)
    {
        await page.SignInAsync(email);
        await page.GotoAsync($"/workspaces/{workspaceId}");
        await page.FileEntry(FileName).ClickAsync();
        await Expect(Editor(page)).ToHaveAttributeAsync("data-phase", "open");
        await Expect(Editor(page)).ToHaveAttributeAsync("data-can-edit", "true");
        await Expect(EditorText(page)).ToContainTextAsync("mia:");
    }

    private static ILocator Editor(IPage page) => page.Locator($"[data-testid=document-editor][data-path='{FileName}']");

    private static ILocator EditorText(IPage page) => Editor(page).GetByTestId("editor-content");

    /// <summary>The document as the editor holds it: its lines joined with newlines.</summary>
    private static async Task<string> DocumentTextAsync(IPage page) =>
        string.Join('\n', await EditorText(page).Locator(".cm-line").AllTextContentsAsync());

    private static void AssertEachWordOnce(string text, IReadOnlyList<string> words, int expectedLength, string where)
    {
        // A lost word is missing, a word sent twice shows twice; the length catches anything else doubled or dropped.
        var wrong = words.Select(w => (Word: w.Trim(), Count: CountOf(text, w))).Where(w => w.Count != 1).ToList();
        Assert.True(wrong.Count == 0, $"In {where}, not exactly once: {string.Join(", ", wrong.Select(w => $"'{w.Word}' x {w.Count}"))}. Text:\n{text}");
        Assert.True(text.Length == expectedLength, $"{where} has {text.Length} characters, {expectedLength} expected. Text:\n{text}");
    }

    private static int CountOf(string text, string word)
    {
        var count = 0;
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Puts the cursor at the end of the line that starts with <paramref name="start"/>.</summary>
    private static async Task PlaceCursorAtEndOfLineAsync(IPage page, string start)
    {
        await Editor(page).Locator(".cm-line", new LocatorLocatorOptions { HasText = start }).ClickAsync();
        await page.Keyboard.PressAsync("End");
    }

    /// <summary>Keeps the text of every error toast the page shows in <c>window.vibeErrors</c>, however briefly it shows.</summary>
    private static Task RecordErrorToastsAsync(IPage page) => page.EvaluateAsync(
        """
        () => {
          window.vibeErrors = [];
          const record = () => {
            for (const toast of document.querySelectorAll('[data-testid="toast-error"]')) {
              if (!window.vibeErrors.includes(toast.textContent)) window.vibeErrors.push(toast.textContent);
            }
          };
          new MutationObserver(record).observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """);

    /// <summary>
    /// Reads the workspace and its file through the API until stopped, then until a read succeeds, waiting as Retry-After
    /// says after a 503; returns each answer ("200", "503 Retry-After", or anything else with its status).
    /// </summary>
    private async Task<List<string>> ReadThroughTheOutageAsync(string accessToken, string workspaceId, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = app.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var paths = new[] { $"/api/v1/workspaces/{workspaceId}", $"/api/v1/workspaces/{workspaceId}/files/content?path={FileName}" };
        var answers = new List<string>();
        var deadline = DateTime.UtcNow + s_recoveryBound;
        for (var i = 0; ; i++)
        {
            using var response = await http.GetAsync(new Uri(paths[i % paths.Length], UriKind.Relative), CancellationToken.None);
            var answer = response.StatusCode switch
            {
                HttpStatusCode.OK => "200",
                HttpStatusCode.ServiceUnavailable when response.Headers.RetryAfter?.Delta is { } => "503 Retry-After",
                _ => $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}",
            };
            answers.Add(answer);
            if ((stop.IsCancellationRequested && answer == "200") || DateTime.UtcNow > deadline)
            {
                return answers;
            }

            // A client honours Retry-After; otherwise it reads again at a person's pace.
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(250), CancellationToken.None);
        }
    }

    /// <summary>A person typing numbered words (o001, o002...) steadily into the editor at the cursor.</summary>
    private sealed class Typist(IPage page, string prefix)
    {
        private readonly ConcurrentQueue<string> _words = new();
        private readonly ConcurrentQueue<(int Count, TaskCompletionSource Reached)> _waiters = new();

        public IReadOnlyList<string> Words => [.. _words];

        public int Count => _words.Count;

        public async Task TypeUntilAsync(CancellationToken stop)
        {
            for (var i = 1; !stop.IsCancellationRequested; i++)
            {
                var word = $" {prefix}{i:D3}";
                await page.Keyboard.TypeAsync(word, new KeyboardTypeOptions { Delay = 40 });
                _words.Enqueue(word);
                foreach (var (count, reached) in _waiters)
                {
                    if (_words.Count >= count)
                    {
                        reached.TrySetResult();
                    }
                }
            }
        }

        /// <summary>Completes once <paramref name="count"/> words are typed.</summary>
        public Task HasTypedAsync(int count)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue((count, reached));
            if (_words.Count >= count)
            {
                reached.TrySetResult();
            }

            return reached.Task;
        }
    }
}
