using Vibe.Grains.Documents;

namespace Vibe.WebFront.Hubs;

/// <summary>The <c>documentNotice</c> event: the file was deleted or moved (to NewPath), or the document reloaded; Kind is "deleted", "moved" or "reloaded".</summary>
internal sealed record DocumentNoticeMessage(string WorkspaceId, string Path, string Kind, string? NewPath, string Message)
{
    public static DocumentNoticeMessage From(DocumentNotice notice)
    {
        var (workspaceId, path) = DocumentKeys.Parse(notice.DocumentKey);
        var kind = notice.Kind switch
        {
            DocumentNoticeKind.Deleted => "deleted",
            DocumentNoticeKind.Moved => "moved",
            DocumentNoticeKind.Reloaded => "reloaded",
            _ => notice.Kind.ToString().ToLowerInvariant(),
        };
        return new DocumentNoticeMessage(workspaceId, path, kind, notice.NewPath, notice.Message);
    }
}
