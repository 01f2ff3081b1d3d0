using System.Buffers;
using System.Globalization;
using System.Security.Claims;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Vibe.Grains.Workspaces;

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

    public static IEndpointRouteBuilder MapWorkspaceFilesApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/v1/workspaces/{id}/files").WithTags("Workspace files").RequireAuthorization();

        // The server-wide body limit is far smaller; uploads may be as large as the grain's file API accepts.
        var maxFileBytes = app.ServiceProvider.GetRequiredService<IOptions<WorkspaceOptions>>().Value.MaxFileBytes;
        api.MapGet("", ListFiles)
            .WithName("ListWorkspaceFiles")
            .WithSummary("The entries of a directory of the workspace (Read)")
            .ProducesFileProblems();
        api.MapGet("/content", ReadFile)
            .WithName("ReadWorkspaceFile")
            .WithSummary("A file's bytes: text/plain for UTF-8 text, application/octet-stream otherwise; up to 5 MiB (Read)")
            .Produces(StatusCodes.Status200OK, contentType: BinaryContentType)
            .ProducesFileProblems()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapPut("/content", WriteFile)
            .WithName("WriteWorkspaceFile")
            .WithSummary("Writes the request body to a file, creating its directories; up to 5 MiB (Write)")
            .Accepts<byte[]>(BinaryContentType)
            .WithMetadata(new RequestSizeLimitAttribute(maxFileBytes))
            .ProducesFileProblems()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapDelete("", DeleteFile)
            .WithName("DeleteWorkspaceFile")
            .WithSummary("Deletes a file, a symlink or a directory with its contents (Write)")
            .ProducesFileProblems();
        api.MapPost("/move", MoveFile)
            .WithName("MoveWorkspaceFile")
            .WithSummary("Renames a file or directory; the target must not exist (Write)")
            .ProducesFileProblems();
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
        ClaimsPrincipal user,
        [AsParameters] WorkspaceServices services,
        CancellationToken cancellationToken)
    {
        var (_, denied) = await services.AuthorizeAsync(user, id, WorkspacePermission.Read, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        return await services.CallGrainAsync(id, async grain =>
        {
            var entries = await grain.ListFiles(path ?? "");
            var items = new WorkspaceFileItem[entries.Count];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = new WorkspaceFileItem(entries[i].Name, entries[i].Kind, entries[i].Size, entries[i].Modified);
            }

            return TypedResults.Ok<IReadOnlyList<WorkspaceFileItem>>(items);
        });
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReadFile(
        string id,
        string? path,
        ClaimsPrincipal user,
        [AsParameters] WorkspaceServices services,
        CancellationToken cancellationToken)
    {
        var (_, denied) = await services.AuthorizeAsync(user, id, WorkspacePermission.Read, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        return await services.CallGrainAsync(id, async grain =>
        {
            var content = await grain.ReadFile(path ?? "");
            return TypedResults.Bytes(content, IsText(content) ? TextContentType : BinaryContentType);
        });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> WriteFile(
        string id,
        string? path,
        HttpContext context,
        ClaimsPrincipal user,
        [AsParameters] WorkspaceServices services,
        CancellationToken cancellationToken)
    {
        var (_, denied) = await services.AuthorizeAsync(user, id, WorkspacePermission.Write, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var maxBytes = services.MaxFileBytes;
        var content = await ReadBodyAsync(context, maxBytes, cancellationToken);
        if (content is null)
        {
            return WorkspaceProblems.TooLarge(string.Create(
                CultureInfo.InvariantCulture,
                $"The file is larger than {maxBytes / (1024.0 * 1024):0.#} MiB, the most the workspace file API writes at once; use a command in the terminal for larger files."));
        }

        return await services.CallGrainAsync(id, async grain =>
        {
            await grain.WriteFile(path ?? "", content);
            return TypedResults.NoContent();
        });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteFile(
        string id,
        string? path,
        ClaimsPrincipal user,
        [AsParameters] WorkspaceServices services,
        CancellationToken cancellationToken)
    {
        var (_, denied) = await services.AuthorizeAsync(user, id, WorkspacePermission.Write, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        return await services.CallGrainAsync(id, async grain =>
        {
            await grain.DeleteFile(path ?? "");
            return TypedResults.NoContent();
        });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MoveFile(
        string id,
        MoveFileRequest request,
        ClaimsPrincipal user,
        [AsParameters] WorkspaceServices services,
        CancellationToken cancellationToken)
    {
        var (_, denied) = await services.AuthorizeAsync(user, id, WorkspacePermission.Write, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

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
            return WorkspaceProblems.Invalid(errors);
        }

        return await services.CallGrainAsync(id, async grain =>
        {
            await grain.MoveFile(request.From!, request.To!);
            return TypedResults.NoContent();
        });
    }

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
