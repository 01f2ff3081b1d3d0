using Vibe.Grains.Interfaces.Documents;

namespace Vibe.WebFront.Hubs;

/// <summary>The <c>documentNotice</c> event: the file was deleted or moved (to NewPath), or the document reloaded.</summary>
internal sealed record DocumentNoticeMessage(string WorkspaceId, string Path, DocumentNoticeKind Kind, string? NewPath, string Message)
{
    public static DocumentNoticeMessage From(DocumentNotice notice)
    {
        var (workspaceId, path) = DocumentKeys.Parse(notice.DocumentKey);
        return new DocumentNoticeMessage(workspaceId, path, notice.Kind, notice.NewPath, notice.Message);
    }
}
