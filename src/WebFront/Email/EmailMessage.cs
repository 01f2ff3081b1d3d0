namespace Vibe.WebFront.Email;

/// <summary>One email to send: plain text, to one recipient.</summary>
/// <param name="Kind">What it is, for the log (e.g. "invitation"); the body is never logged.</param>
public sealed record EmailMessage(string To, string Subject, string Body, string Kind);
