using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Vibe.WebFront.Email;

/// <summary>
/// Sends email through the SMTP server of Vibe:Email with MailKit, in the background: a request that queues a message
/// does not wait for (or fail with) the mail server. Failures are logged with the recipient and the reason, never the
/// body (it holds links with tokens). Messages queued while email is not configured are dropped.
/// </summary>
internal sealed partial class EmailOutbox(IOptions<EmailOptions> options, ILogger<EmailOutbox> logger) : BackgroundService
{
    private readonly Channel<EmailMessage> _queue = Channel.CreateBounded<EmailMessage>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Whether email is configured (Vibe:Email:Host).</summary>
    public bool IsEnabled => options.Value.IsEnabled;

    /// <summary>Queues <paramref name="message"/>; false when email is not configured or the queue is full.</summary>
    public bool Enqueue(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsEnabled)
        {
            return false;
        }

        if (_queue.Writer.TryWrite(message))
        {
            return true;
        }

        LogQueueFull(logger, message.Kind, message.To);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await SendAsync(message, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is not sent.
        }
    }

    private async Task SendAsync(EmailMessage message, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            var mime = new MimeMessage();
            mime.From.Add(new MailboxAddress(settings.FromName, settings.From!));
            mime.To.Add(MailboxAddress.Parse(message.To));
            mime.Subject = message.Subject;
            mime.Body = new TextPart("plain") { Text = message.Body };

            using var smtp = new SmtpClient();
            var security = settings.Security switch
            {
                EmailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                EmailSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            };
            await smtp.ConnectAsync(settings.Host!, settings.Port, security, timeout.Token);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await smtp.AuthenticateAsync(settings.UserName, settings.Password ?? "", timeout.Token);
            }

            await smtp.SendAsync(mime, timeout.Token);
            await smtp.DisconnectAsync(quit: true, timeout.Token);
            LogSent(logger, message.Kind, message.To);
        }
        catch (Exception failed) when (failed is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, message.Kind, message.To, settings.Host, settings.Port, failed.GetType().Name, failed.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent the {Kind} email to {Recipient}")]
    private static partial void LogSent(ILogger logger, string kind, string recipient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the {Kind} email to {Recipient} through {Host}:{Port}: {Error}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string kind, string recipient, string? host, int port, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped the {Kind} email to {Recipient}: 1000 emails wait to be sent already")]
    private static partial void LogQueueFull(ILogger logger, string kind, string recipient);
}
