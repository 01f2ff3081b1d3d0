using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Playwright;
using IRequest = Microsoft.Playwright.IRequest;

namespace Vibe.E2E.Tests.Fixtures;

/// <summary>
/// One test's browser pages (each in its own context: its own storage, so its own signed-in user), with what each page
/// logged. Unless the test reaches <see cref="Complete"/>, disposing it writes a screenshot and the console log of
/// every page, and the server's output, to artifacts/e2e/TEST/ — what a CI failure needs to be understood.
/// </summary>
internal sealed class Scenario(IBrowserApp app, string testName) : IAsyncDisposable
{
    private readonly List<OpenPage> _pages = [];
    private bool _completed;

    /// <summary>Opens a page at the given viewport size in a new browser context; <paramref name="label"/> names it in reports.</summary>
    public async Task<IPage> OpenPageAsync(string label, int width = 1280, int height = 800)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        var open = new OpenPage(label, context, page);
        page.Console += (_, message) => open.Log($"console.{message.Type}: {message.Text}");
        page.PageError += (_, error) =>
        {
            open.Log($"uncaught error: {error}");
            open.Errors.Enqueue(error);
        };
        page.Request += (_, request) => open.Pending[request] = DateTime.UtcNow;
        page.RequestFinished += (_, request) => open.Pending.TryRemove(request, out var _);
        page.RequestFailed += (_, request) =>
        {
            open.Pending.TryRemove(request, out var _);
            open.Log($"request failed: {request.Method} {request.Url}: {request.Failure}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                open.Log($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
        page.FrameNavigated += (_, frame) =>
        {
            if (frame.ParentFrame is null)
            {
                open.Log($"navigated to {frame.Url}");
            }
        };
        _pages.Add(open);
        return page;
    }

    /// <summary>Ends the scenario as passed, unless a page threw an uncaught script error along the way (a broken app).</summary>
    public void Complete()
    {
        var errors = _pages.SelectMany(p => p.Errors.Select(e => $"{p.Label}: {e}")).ToList();
        Assert.True(errors.Count == 0, "The app threw uncaught errors in the browser:\n" + string.Join('\n', errors));
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            await ReportAsync();
        }

        foreach (var open in _pages)
        {
            await open.Context.DisposeAsync();
        }
    }

    private async Task ReportAsync()
    {
        var directory = Path.Combine(VibeApp.RepositoryRoot, "artifacts", "e2e", testName);
        Directory.CreateDirectory(directory);
        foreach (var open in _pages)
        {
            try
            {
                await open.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, open.Label + ".png"), FullPage = true, Timeout = 15_000 });
            }
            catch (PlaywrightException exception)
            {
                open.Log($"(no screenshot: {exception.Message})");
            }

            foreach (var (request, since) in open.Pending)
            {
                open.Log($"still waiting for the answer to {request.Method} {request.Url}, sent at {since.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)}");
            }

            await File.WriteAllTextAsync(Path.Combine(directory, open.Label + ".console.log"), $"last URL: {open.Page.Url}\n{string.Join('\n', open.Lines)}\n");
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "server.log"), app.ServerOutput + "\n");
    }

    private sealed class OpenPage(string label, IBrowserContext context, IPage page)
    {
        public string Label { get; } = label;

        public IBrowserContext Context { get; } = context;

        public IPage Page { get; } = page;

        public ConcurrentQueue<string> Lines { get; } = new();

        public ConcurrentQueue<string> Errors { get; } = new();

        /// <summary>Requests sent and not yet answered, with when they were sent.</summary>
        public ConcurrentDictionary<IRequest, DateTime> Pending { get; } = new();

        public void Log(string line) => Lines.Enqueue(DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + line);
    }
}
