using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>
/// A small SMTP server on a free loopback port that accepts every message (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT;
/// no TLS, no authentication) and keeps what it received, parsed with MimeKit. The app sends to it through MailKit as it
/// would to a real server (Vibe:Email:Host 127.0.0.1, Port <see cref="Port"/>, Security None).
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedEmail> _received = new();
    private readonly Task _accepting;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SmtpTestServer()
    {
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>What the app needs to send here.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Vibe:Email:Host"] = "127.0.0.1",
        ["Vibe:Email:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Vibe:Email:Security"] = "None",
        ["Vibe:Email:From"] = "vibe@example.com",
        ["Vibe:Web:PublicUrl"] = "https://vibe.example.com",
    };

    public IReadOnlyList<ReceivedEmail> Received => [.. _received];

    /// <summary>Waits for a message to <paramref name="to"/> (received before or after the call), whose subject contains <paramref name="subject"/> if given.</summary>
    public async Task<ReceivedEmail> WaitForAsync(string to, string? subject = null, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            // Take the pulse before looking, so a message that arrives in between wakes this waiter.
            var arrived = Volatile.Read(ref _arrived);
            if (_received.FirstOrDefault(m => m.Recipients.Contains(to, StringComparer.OrdinalIgnoreCase)
                && (subject is null || m.Subject.Contains(subject, StringComparison.Ordinal))) is { } found)
            {
                return found;
            }

            try
            {
                await arrived.Task.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No email to {to} arrived; received: {string.Join(", ", _received.SelectMany(m => m.Recipients))}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.Latin1);
                await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 localhost Vibe test SMTP");
                var recipients = new List<string>();
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                    switch (command)
                    {
                        case "EHLO":
                            await writer.WriteLineAsync("250-localhost");
                            await writer.WriteLineAsync("250 8BITMIME");
                            break;
                        case "HELO":
                        case "MAIL":
                        case "RSET":
                        case "NOOP":
                            if (command == "RSET")
                            {
                                recipients.Clear();
                            }

                            await writer.WriteLineAsync("250 OK");
                            break;
                        case "RCPT":
                            var start = line.IndexOf('<', StringComparison.Ordinal);
                            var end = line.IndexOf('>', StringComparison.Ordinal);
                            recipients.Add(start >= 0 && end > start ? line[(start + 1)..end] : line[8..].Trim());
                            await writer.WriteLineAsync("250 OK");
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                            var data = new StringBuilder();
                            while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                            {
                                data.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                            }

                            using (var raw = new MemoryStream(Encoding.Latin1.GetBytes(data.ToString())))
                            {
                                _received.Enqueue(new ReceivedEmail([.. recipients], await MimeMessage.LoadAsync(raw)));
                            }

                            recipients.Clear();
                            Interlocked.Exchange(ref _arrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                            await writer.WriteLineAsync("250 OK queued");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 Bye");
                            return;
                        default:
                            await writer.WriteLineAsync("502 Command not implemented");
                            break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server is stopping.
            }
        }
    }
}
