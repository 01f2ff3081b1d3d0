namespace Vibe.WebFront.Email;

/// <summary>How the SMTP connection is secured.</summary>
public enum EmailSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS; refused if the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,

    /// <summary>No encryption: only for a relay on this machine or a trusted network.</summary>
    None,
}
