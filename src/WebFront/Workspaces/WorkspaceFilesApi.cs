using System.Buffers;
using System.Globalization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Workspaces;
using Vibe.Grains.Workspaces.Files;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Workspaces;

/// <summary>
/// <c>/api/v1/workspaces/{id}/files</c>: the workspace's files through its grain, which confines every path to
/// /workspace (paths are relative to it; "" is the root). Reading needs Read; writing, deleting and moving need Write.
/// Each call counts as activity in the workspace (the grain records it), so editing postpones the idle stop.
/// </summary>
internal static class WorkspaceFilesApi
{
    private const string TextContentType = "text/plain; charset=utf-8";
    private const string BinaryContentType = "application/octet-stream";
    private const string ZipContentType = "application/zip";

    public static IEndpointRouteBuilder MapWorkspaceFilesApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapWorkspaceGroup("/files").WithTags("Workspace files");

        // The server-wide body limit is far smaller; uploads may be as large as the grain's file API accepts.
        var maxFileBytes = app.ServiceProvider.GetRequiredService<IOptions<WorkspaceOptions>>().Value.MaxFileBytes;
        api.MapGet("", ListFiles)
            .WithName("ListWorkspaceFiles")
            .WithSummary("The entries of a directory of the workspace (Read)")
            .RequiresWorkspace(WorkspacePermission.Read)
            .ProducesFileProblems();
        api.MapGet("/content", ReadFile)
            .WithName("ReadWorkspaceFile")
            .WithSummary("A file's bytes: text/plain for UTF-8 text, application/octet-stream otherwise; up to 5 MiB (Read)")
            .RequiresWorkspace(WorkspacePermission.Read)
            .Produces(StatusCodes.Status200OK, contentType: BinaryContentType)
            .ProducesFileProblems()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapPut("/content", WriteFile)
            .WithName("WriteWorkspaceFile")
            .WithSummary("Writes the request body to a file, creating its directories; up to 5 MiB (Write)")
            .RequiresWorkspace(WorkspacePermission.Write)
            .Accepts<byte[]>(BinaryContentType)
            .WithMetadata(new RequestSizeLimitAttribute(maxFileBytes))
            .ProducesFileProblems()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapDelete("", DeleteFile)
            .WithName("DeleteWorkspaceFile")
            .WithSummary("Deletes a file, a symlink or a directory with its contents (Write)")
            .RequiresWorkspace(WorkspacePermission.Write)
            .ProducesFileProblems();
        api.MapPost("/move", MoveFile)
            .WithName("MoveWorkspaceFile")
            .WithSummary("Renames a file or directory; the target must not exist (Write)")
            .RequiresWorkspace(WorkspacePermission.Write)
            .ProducesFileProblems();
        api.MapPost("", CreateFile)
            .WithName("CreateWorkspaceFile")
            .WithSummary("Creates an empty file or a folder, with its parent folders; the path must not exist (Write)")
            .RequiresWorkspace(WorkspacePermission.Write)
            .ProducesFileProblems();

        // Multipart framing adds a little to the files' bytes; the handler checks the files themselves against the limit.
        var transfers = app.ServiceProvider.GetRequiredService<IOptions<FileTransferOptions>>().Value;
        var maxUploadBody = transfers.MaxUploadBytes + UploadFramingAllowance(transfers.MaxUploadFiles);
        api.MapPost("/upload", UploadFiles)
            .WithName("UploadWorkspaceFiles")
            .WithSummary("Writes the files of a multipart/form-data body (one part per file) into a folder, each at the relative path its part's filename gives (folders included), replacing files that exist; up to Vibe:FileTransfers limits (Write)")
            .RequiresWorkspace(WorkspacePermission.Write)
            .WithMetadata(new RequestSizeLimitAttribute(maxUploadBody))
            .WithFormOptions(multipartBodyLengthLimit: maxUploadBody, valueCountLimit: transfers.MaxUploadFiles + 16)
            .ProducesFileProblems()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/archive", DownloadArchive)
            .WithName("DownloadWorkspaceFolder")
            .WithSummary("A folder (\"\" for the whole workspace) with everything in it as a zip archive, symbolic links left out; up to Vibe:FileTransfers limits (Read)")
            .RequiresWorkspace(WorkspacePermission.Read)
            .Produces(StatusCodes.Status200OK, contentType: ZipContentType)
            .ProducesFileProblems()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static RouteHandlerBuilder ProducesFileProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<IReadOnlyList<WorkspaceFileItem>>, ProblemHttpResult>> ListFiles(
        string id,
        string? path,
        [AsParameters] WorkspaceServices services)
    {
        var grain = services.Grain(id);
        var entries = await grain.ListFiles(path ?? "");
        var items = new WorkspaceFileItem[entries.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = new WorkspaceFileItem(entries[i].Name, entries[i].Kind, entries[i].Size, entries[i].Modified);
        }

        return TypedResults.Ok<IReadOnlyList<WorkspaceFileItem>>(items);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReadFile(
        string id,
        string? path,
        [AsParameters] WorkspaceServices services)
    {
        var grain = services.Grain(id);
        var content = await grain.ReadFile(path ?? "");
        return TypedResults.Bytes(content, IsText(content) ? TextContentType : BinaryContentType);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> WriteFile(
        string id,
        string? path,
        HttpContext context,
        [AsParameters] WorkspaceServices services,
        CancellationToken cancellationToken)
    {
        var maxBytes = services.MaxFileBytes;
        var content = await ReadBodyAsync(context, maxBytes, cancellationToken);
        if (content is null)
        {
            return ApiProblems.TooLarge(string.Create(
                CultureInfo.InvariantCulture,
                $"The file is larger than {maxBytes / (1024.0 * 1024):0.#} MiB, the most the workspace file API writes at once; use a command in the terminal for larger files."));
        }

        var grain = services.Grain(id);
        await grain.WriteFile(path ?? "", content);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteFile(
        string id,
        string? path,
        [AsParameters] WorkspaceServices services)
    {
        var grain = services.Grain(id);
        await grain.DeleteFile(path ?? "");
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> MoveFile(
        string id,
        MoveFileRequest request,
        [AsParameters] WorkspaceServices services)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(request.From))
        {
            errors["from"] = ["Give the path of the file or directory to move."];
        }

        if (string.IsNullOrEmpty(request.To))
        {
            errors["to"] = ["Give the path to move it to."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var grain = services.Grain(id);
        await grain.MoveFile(request.From!, request.To!);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<WorkspaceFileItem>, ValidationProblem, ProblemHttpResult>> CreateFile(
        string id,
        CreateFileRequest request,
        [AsParameters] WorkspaceServices services)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        WorkspacePath? target = null;
        if (string.IsNullOrEmpty(request.Path))
        {
            errors["path"] = ["Give the path of the new file or folder, relative to the workspace (for example 'src/app.js')."];
        }
        else if (!TryParse(request.Path, allowRoot: false, out target, out var problem))
        {
            errors["path"] = [problem];
        }

        if (request.Kind is not (WorkspaceFileKind.File or WorkspaceFileKind.Directory))
        {
            errors["kind"] = ["Say what to create: kind is file or directory."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var grain = services.Grain(id);
        var created = target!;
        if (await FindAsync(grain, created) is { } existing)
        {
            throw new WorkspaceFileConflictException($"'{created.Relative}' already exists (a {Describe(existing.Kind)}); choose another name.");
        }

        if (request.Kind == WorkspaceFileKind.File)
        {
            await grain.WriteFile(created.Relative, []);
        }
        else
        {
            // The grain makes folders only on the way to a file: write one inside the new folder, then remove it.
            var placeholder = string.Create(CultureInfo.InvariantCulture, $"{created.Relative}/.vibe-mkdir-{Guid.NewGuid():N}.tmp");
            await grain.WriteFile(placeholder, []);
            await grain.DeleteFile(placeholder);
        }

        var entry = await FindAsync(grain, created) ?? throw new WorkspaceFileNotFoundException($"'{created.Relative}' was removed as it was created.");
        return TypedResults.Created(
            $"/api/v1/workspaces/{id}/files/content?path={Uri.EscapeDataString(created.Relative)}",
            new WorkspaceFileItem(entry.Name, entry.Kind, entry.Size, entry.Modified));
    }

    private static async Task<Results<Ok<UploadedFiles>, ProblemHttpResult>> UploadFiles(
        string id,
        string? path,
        HttpContext context,
        IOptions<FileTransferOptions> transferOptions,
        [AsParameters] WorkspaceServices services,
        CancellationToken cancellationToken)
    {
        var limits = transferOptions.Value;
        if (!TryParse(path, allowRoot: true, out var folder, out var folderProblem))
        {
            return ApiProblems.BadRequest(folderProblem);
        }

        if (!context.Request.HasFormContentType || !context.Request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.BadRequest("Send the files as multipart/form-data, one part per file, its filename the path to write it at inside the folder (for example 'docs/readme.md').");
        }

        IFormFileCollection files;
        try
        {
            files = (await context.Request.ReadFormAsync(cancellationToken)).Files;
        }
        catch (Exception tooLarge) when (tooLarge is InvalidDataException || (tooLarge is BadHttpRequestException bad && bad.StatusCode == StatusCodes.Status413PayloadTooLarge))
        {
            return ApiProblems.TooLarge(UploadTooLarge(limits));
        }

        if (files.Count == 0)
        {
            return ApiProblems.BadRequest("The upload holds no files: send at least one part with a filename.");
        }

        if (files.Count > limits.MaxUploadFiles)
        {
            return ApiProblems.TooLarge(string.Create(
                CultureInfo.InvariantCulture,
                $"The upload holds {files.Count} files; upload at most {limits.MaxUploadFiles} at a time."));
        }

        // Check every file before writing any, so a refused upload changes nothing.
        var targets = new string[files.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var name = file.FileName;
            if (string.IsNullOrEmpty(name))
            {
                return ApiProblems.BadRequest(string.Create(CultureInfo.InvariantCulture, $"Part {i + 1} of the upload has no filename; give each file the path to write it at."));
            }

            var joined = folder!.IsRoot ? name : folder.Relative + "/" + name;
            if (!TryParse(joined, allowRoot: false, out var target, out var problem))
            {
                return ApiProblems.BadRequest(problem);
            }

            if (!seen.Add(target!.Relative))
            {
                return ApiProblems.BadRequest($"The upload holds '{target.Relative}' twice; send each file once.");
            }

            if (file.Length > services.MaxFileBytes)
            {
                return ApiProblems.TooLarge(
                    $"'{name}' is {FileSizes.Describe(file.Length)}; files over {FileSizes.Describe(services.MaxFileBytes)} cannot be uploaded through the browser. Nothing was uploaded.");
            }

            total += file.Length;
            targets[i] = target.Relative;
        }

        if (total > limits.MaxUploadBytes)
        {
            return ApiProblems.TooLarge(UploadTooLarge(limits));
        }

        var grain = services.Grain(id);
        for (var i = 0; i < files.Count; i++)
        {
            using var content = new MemoryStream((int)files[i].Length);
            await files[i].CopyToAsync(content, cancellationToken);
            await grain.WriteFile(targets[i], content.ToArray());
        }

        return TypedResults.Ok(new UploadedFiles(targets));
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> DownloadArchive(
        string id,
        string? path,
        HttpContext context,
        IOptions<FileTransferOptions> transferOptions,
        [AsParameters] WorkspaceServices services,
        CancellationToken cancellationToken)
    {
        var workspace = context.GetWorkspace();
        if (!TryParse(path, allowRoot: true, out var folder, out var problem))
        {
            return ApiProblems.BadRequest(problem);
        }

        var grain = services.Grain(id);
        var archive = await WorkspaceArchive.ListAsync(grain, folder!, transferOptions.Value, services.MaxFileBytes);
        var fileName = (folder!.IsRoot ? workspace.Name : folder.Name) + ".zip";
        return TypedResults.Stream(body => archive.WriteAsync(grain, body, cancellationToken), ZipContentType, fileName);
    }

    /// <summary>The entry at <paramref name="path"/> as its directory lists it, or null when nothing is there.</summary>
    private static async Task<WorkspaceFileEntry?> FindAsync(IWorkspaceGrain grain, WorkspacePath path)
    {
        IReadOnlyList<WorkspaceFileEntry> siblings;
        try
        {
            siblings = await grain.ListFiles(path.ParentRelative);
        }
        catch (Exception missing) when (missing is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        foreach (var sibling in siblings)
        {
            if (sibling.Name == path.Name)
            {
                return sibling;
            }
        }

        return null;
    }

    /// <summary>Checks a path as the grain will, so that a bad one is refused before anything is read or written.</summary>
    private static bool TryParse(string? path, bool allowRoot, out WorkspacePath? parsed, out string problem)
    {
        try
        {
            parsed = WorkspacePath.Parse(path, allowRoot);
            problem = "";
            return true;
        }
        catch (WorkspacePathException invalid)
        {
            parsed = null;
            problem = invalid.Message;
            return false;
        }
    }

    private static string UploadTooLarge(FileTransferOptions limits) =>
        $"The upload is larger than {FileSizes.Describe(limits.MaxUploadBytes)}, the most one upload may carry; upload fewer files at a time. Nothing was uploaded.";

    /// <summary>Room for the multipart boundaries and part headers: 1 KiB per file and 64 KiB more.</summary>
    private static long UploadFramingAllowance(int maxFiles) => (maxFiles * 1024L) + (64 * 1024);

#pragma warning disable CA1308 // Kinds are shown to people, lower-cased for reading in a sentence.
    private static string Describe(WorkspaceFileKind kind) => kind == WorkspaceFileKind.Directory ? "folder" : kind.ToString().ToLowerInvariant();
#pragma warning restore CA1308

    /// <summary>The request body, or null when it is larger than <paramref name="maxBytes"/> (checked before and while reading, as a chunked body has no length).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, long maxBytes, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var body = new MemoryStream(request.ContentLength is { } length ? (int)length : 0);
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (body.Length + read > maxBytes)
                {
                    return null;
                }

                body.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return body.ToArray();
    }

    /// <summary>Valid UTF-8 without NUL bytes is served as text; anything else as bytes.</summary>
    private static bool IsText(byte[] content) => content.AsSpan().IndexOf((byte)0) < 0 && Utf8.IsValid(content);
}
