using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Vibe.WebFront.Tests.Workspaces;

/// <summary>
/// What the file tree does through the API beyond reading and writing one file: new files and folders, uploads of many
/// files (folders too) and folders downloaded as zip, with paths confined to the workspace and the limits answered with
/// 400 or 413 and a reason. The app runs with small limits so that they are cheap to reach.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class WorkspaceFileTransferTests(WorkspaceFileTransferTests.Server server) : IClassFixture<WorkspaceFileTransferTests.Server>, IAsyncLifetime
{
    private const int MaxFileBytes = 16 * 1024;
    private const int MaxUploadBytes = 40 * 1024;
    private const int MaxUploadFiles = 4;
    private const int MaxArchiveBytes = 48 * 1024;
    private const int MaxArchiveEntries = 8;

    private WorkspaceTestApp? _app;
    private TestUser? _user;

    private WorkspaceTestApp App => _app!;

    private TestUser User => _user!;

    public async Task InitializeAsync()
    {
        _app = WorkspaceTestApp.Shared(server);
        _user = await App.RegisterAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task New_files_and_folders_are_created_empty_with_their_parents_and_never_over_an_existing_one()
    {
        var id = await App.CreateWorkspaceAsync(User);

        var (file, created) = await App.SendAsync(User, HttpMethod.Post, Files(id), new { path = "src/lib/util.js", kind = "file" });
        Assert.Equal(HttpStatusCode.Created, file);
        Assert.Equal("util.js", created.GetProperty("name").GetString());
        Assert.Equal("file", created.GetProperty("kind").GetString());
        Assert.Equal(0, created.GetProperty("size").GetInt64());
        Assert.Empty((await App.ReadFileAsync(User, id, "src/lib/util.js")).Content);

        var (folder, createdFolder) = await App.SendAsync(User, HttpMethod.Post, Files(id), new { path = "docs/drafts", kind = "directory" });
        Assert.Equal(HttpStatusCode.Created, folder);
        Assert.Equal("directory", createdFolder.GetProperty("kind").GetString());
        Assert.Empty(await NamesAsync(id, "docs/drafts"));
        Assert.Equal(["drafts"], await NamesAsync(id, "docs"));

        await App.WriteFileAsync(User, id, "notes.txt", "keep me"u8.ToArray());
        var (taken, takenProblem) = await App.SendAsync(User, HttpMethod.Post, Files(id), new { path = "notes.txt", kind = "file" });
        Assert.Equal(HttpStatusCode.Conflict, taken);
        Assert.Equal("'notes.txt' already exists (a file); choose another name.", takenProblem.GetProperty("detail").GetString());
        Assert.Equal("keep me", Encoding.UTF8.GetString((await App.ReadFileAsync(User, id, "notes.txt")).Content));
        var (folderTaken, folderProblem) = await App.SendAsync(User, HttpMethod.Post, Files(id), new { path = "docs", kind = "file" });
        Assert.Equal(HttpStatusCode.Conflict, folderTaken);
        Assert.Contains("'docs' already exists (a folder)", folderProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (escape, escapeProblem) = await App.SendAsync(User, HttpMethod.Post, Files(id), new { path = "../outside.txt", kind = "file" });
        Assert.Equal(HttpStatusCode.BadRequest, escape);
        Assert.Contains("'..' segment", escapeProblem.GetProperty("errors").GetProperty("path")[0].GetString(), StringComparison.Ordinal);
        var (noKind, kindProblem) = await App.SendAsync(User, HttpMethod.Post, Files(id), new { path = "x.txt" });
        Assert.Equal(HttpStatusCode.BadRequest, noKind);
        Assert.Equal("Say what to create: kind is file or directory.", kindProblem.GetProperty("errors").GetProperty("kind")[0].GetString());
        var (link, _) = await App.SendAsync(User, HttpMethod.Post, Files(id), new { path = "x.txt", kind = "symlink" });
        Assert.Equal(HttpStatusCode.BadRequest, link);

        Assert.Equal(["docs", "src", "notes.txt"], await NamesAsync(id, ""));
    }

    [Fact]
    public async Task An_upload_writes_every_file_at_its_relative_path_replacing_old_ones()
    {
        var id = await App.CreateWorkspaceAsync(User);
        await App.WriteFileAsync(User, id, "site/index.html", "old"u8.ToArray());

        using var upload = Upload(("index.html", "<p>new</p>"), ("css/main.css", "p { color: red }"), ("img/logo.svg", "<svg/>"));
        var (status, body) = await App.SendAsync(User, HttpMethod.Post, $"{Files(id)}/upload?path=site", upload);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["site/index.html", "site/css/main.css", "site/img/logo.svg"], body.GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("<p>new</p>", await TextAsync(id, "site/index.html"));
        Assert.Equal("p { color: red }", await TextAsync(id, "site/css/main.css"));
        Assert.Equal(["css", "img", "index.html"], await NamesAsync(id, "site"));

        using var atRoot = Upload(("top.txt", "at the root"));
        Assert.Equal(HttpStatusCode.OK, (await App.SendAsync(User, HttpMethod.Post, $"{Files(id)}/upload", atRoot)).Status);
        Assert.Equal("at the root", await TextAsync(id, "top.txt"));
    }

    [Fact]
    public async Task An_upload_with_a_bad_path_or_over_a_limit_is_refused_whole_saying_why()
    {
        var id = await App.CreateWorkspaceAsync(User);

        using var escaping = Upload(("fine.txt", "x"), ("../../etc/cron.d/evil", "x"));
        var (escape, escapeProblem) = await App.SendAsync(User, HttpMethod.Post, $"{Files(id)}/upload?path=in", escaping);
        Assert.Equal(HttpStatusCode.BadRequest, escape);
        Assert.Contains("'..' segment", escapeProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var absolute = Upload(("/etc/passwd", "x"));
        Assert.Equal(HttpStatusCode.BadRequest, (await App.SendAsync(User, HttpMethod.Post, $"{Files(id)}/upload", absolute)).Status);

        using var twice = Upload(("a.txt", "1"), ("./a.txt", "2"));
        var (duplicate, duplicateProblem) = await App.SendAsync(User, HttpMethod.Post, $"{Files(id)}/upload", twice);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate);
        Assert.Equal("The upload holds 'a.txt' twice; send each file once.", duplicateProblem.GetProperty("detail").GetString());

        using var bigFile = Upload(("small.txt", "x"), ("big.bin", new string('b', 20 * 1024)));
        var (big, bigProblem) = await App.SendAsync(User, HttpMethod.Post, $"{Files(id)}/upload", bigFile);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big);
        Assert.Equal("'big.bin' is 20 KiB; files over 16 KiB cannot be uploaded through the browser. Nothing was uploaded.", bigProblem.GetProperty("detail").GetString());

        using var tooMuch = Upload([.. Enumerable.Range(0, 3).Select(i => ($"part{i}.bin", new string('x', 15 * 1024)))]);
        var (total, totalProblem) = await App.SendAsync(User, HttpMethod.Post, $"{Files(id)}/upload", tooMuch);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, total);
        Assert.StartsWith("The upload is larger than 40 KiB", totalProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var tooMany = Upload([.. Enumerable.Range(0, MaxUploadFiles + 1).Select(i => ($"f{i}.txt", "x"))]);
        var (count, countProblem) = await App.SendAsync(User, HttpMethod.Post, $"{Files(id)}/upload", tooMany);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, count);
        Assert.Equal("The upload holds 5 files; upload at most 4 at a time.", countProblem.GetProperty("detail").GetString());

        using var json = new StringContent("""{ "files": [] }""", Encoding.UTF8, "application/json");
        var (notMultipart, notMultipartProblem) = await App.SendAsync(User, HttpMethod.Post, $"{Files(id)}/upload", json);
        Assert.Equal(HttpStatusCode.BadRequest, notMultipart);
        Assert.StartsWith("Send the files as multipart/form-data", notMultipartProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Empty(await NamesAsync(id, ""));
    }

    [Fact]
    public async Task A_folder_downloads_as_a_zip_of_everything_in_it_without_links_leaving_the_workspace()
    {
        var id = await App.CreateWorkspaceAsync(User);
        await App.WriteFileAsync(User, id, "app/main.py", "print('hi')\n"u8.ToArray());
        await App.WriteFileAsync(User, id, "app/lib/util.py", "X = 1\n"u8.ToArray());
        await App.WriteFileAsync(User, id, "outside-the-folder.txt", "not in app"u8.ToArray());
        await App.CallAsync(User, HttpMethod.Post, Files(id), new { path = "app/empty", kind = "directory" });
        File.CreateSymbolicLink(Path.Combine(App.Factory.DataDirectory, "workspaces", id, "app", "passwd"), "/etc/passwd");

        using var http = App.Factory.CreateClient(User);
        using var response = await http.GetAsync($"{Files(id)}/archive?path=app");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("app.zip", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.Equal(["app/empty/", "app/lib/", "app/lib/util.py", "app/main.py"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        Assert.Equal("print('hi')\n", await EntryTextAsync(zip, "app/main.py"));
        Assert.Equal("X = 1\n", await EntryTextAsync(zip, "app/lib/util.py"));

        using var whole = await http.GetAsync($"{Files(id)}/archive");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("test workspace.zip", whole.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var wholeZip = new ZipArchive(await whole.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.Contains("outside-the-folder.txt", wholeZip.Entries.Select(e => e.FullName));
        Assert.Contains("app/main.py", wholeZip.Entries.Select(e => e.FullName));
    }

    [Fact]
    public async Task A_folder_over_the_zip_limits_is_refused_before_anything_is_sent_saying_why()
    {
        var id = await App.CreateWorkspaceAsync(User);
        for (var i = 0; i < MaxArchiveEntries + 1; i++)
        {
            await App.WriteFileAsync(User, id, $"many/f{i}.txt", "x"u8.ToArray());
        }

        for (var i = 0; i < 4; i++)
        {
            await App.WriteFileAsync(User, id, $"heavy/part{i}.bin", new byte[15 * 1024]);
        }

        var (many, manyProblem) = await App.SendAsync(User, HttpMethod.Get, $"{Files(id)}/archive?path=many");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, many);
        Assert.Equal("'many' holds more than 8 files and folders, the most one zip download holds. Download a smaller folder.", manyProblem.GetProperty("detail").GetString());

        var (heavy, heavyProblem) = await App.SendAsync(User, HttpMethod.Get, $"{Files(id)}/archive?path=heavy");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, heavy);
        Assert.Equal("'heavy' holds more than 48 KiB of files, the most one zip download holds. Download a smaller folder.", heavyProblem.GetProperty("detail").GetString());

        var (missing, _) = await App.SendAsync(User, HttpMethod.Get, $"{Files(id)}/archive?path=nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        var (escape, _) = await App.SendAsync(User, HttpMethod.Get, $"{Files(id)}/archive?path=../..");
        Assert.Equal(HttpStatusCode.BadRequest, escape);
    }

    private static string Files(string workspaceId) => $"/api/v1/workspaces/{workspaceId}/files";

    /// <summary>A multipart/form-data body with one part per file, named by its relative path, as the browser sends it.</summary>
    private static MultipartFormDataContent Upload(params (string Path, string Text)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (path, text) in files)
        {
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", path);
        }

        return form;
    }

    private async Task<string[]> NamesAsync(string workspaceId, string path)
    {
        var list = await App.CallAsync(User, HttpMethod.Get, $"{Files(workspaceId)}?path={Uri.EscapeDataString(path)}");
        return [.. list.EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];
    }

    private async Task<string> TextAsync(string workspaceId, string path) => Encoding.UTF8.GetString((await App.ReadFileAsync(User, workspaceId, path)).Content);

    private static async Task<string> EntryTextAsync(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return await reader.ReadToEndAsync();
    }

    /// <summary>The app the tests of this class share, with small transfer limits.</summary>
    public sealed class Server(WebFrontFixture fixture) : SharedServer(fixture, new Dictionary<string, string?>
    {
        ["Vibe:Workspaces:MaxFileBytes"] = $"{MaxFileBytes}",
        ["Vibe:FileTransfers:MaxUploadBytes"] = $"{MaxUploadBytes}",
        ["Vibe:FileTransfers:MaxUploadFiles"] = $"{MaxUploadFiles}",
        ["Vibe:FileTransfers:MaxArchiveBytes"] = $"{MaxArchiveBytes}",
        ["Vibe:FileTransfers:MaxArchiveEntries"] = $"{MaxArchiveEntries}",
    });
}
