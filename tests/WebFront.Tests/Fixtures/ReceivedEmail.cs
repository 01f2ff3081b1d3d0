using MimeKit;

namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>A message the test SMTP server received: who it was for and the message itself.</summary>
public sealed record ReceivedEmail(IReadOnlyList<string> Recipients, MimeMessage Message)
{
    public string Subject => Message.Subject ?? "";

    public string Text => Message.TextBody ?? "";
}
