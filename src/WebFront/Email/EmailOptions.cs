namespace Vibe.WebFront.Email;

/// <summary>The "Vibe:Email" configuration section: the SMTP server invitations and sign-up links are sent through. Unset Host: no email.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Vibe:Email";

    /// <summary>The SMTP server's host name; email is sent only when it is set.</summary>
    public string? Host { get; set; }

    /// <summary>The SMTP port (default 587, the submission port).</summary>
    public int Port { get; set; } = 587;

    /// <summary>How the connection is secured: StartTls (default; required, not opportunistic), SslOnConnect (port 465) or None (a relay on this machine or network).</summary>
    public EmailSecurity Security { get; set; } = EmailSecurity.StartTls;

    /// <summary>The account to authenticate as; none when unset.</summary>
    public string? UserName { get; set; }

    /// <summary>Its password.</summary>
    public string? Password { get; set; }

    /// <summary>The sender address, e.g. vibe@example.com (required with Host).</summary>
    public string? From { get; set; }

    /// <summary>The sender's name (default "Vibe").</summary>
    public string FromName { get; set; } = "Vibe";

    /// <summary>How long one delivery may take before it is given up (default 30 seconds).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether email is configured.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(Host);
}
