using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Connector.Tests.Infrastructure;

/// <summary>A minimal SMTP server on loopback that keeps every message it is sent, for asserting on email.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource stop = new();
    readonly ConcurrentQueue<string> messages = new();
    readonly Task accepting;

    public SmtpSink()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public IReadOnlyList<ReceivedMail> Messages => messages.Select(ReceivedMail.Parse).ToList();

    public IReadOnlyList<ReceivedMail> WithSubject(string subjectPart) => Messages.Where(m => m.Subject.Contains(subjectPart)).ToList();

    /// <summary>Email is sent just after the work that causes it; wait (bounded) until one with this subject arrives.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(string subjectPart)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(15); WithSubject(subjectPart).Count == 0 && DateTime.UtcNow < deadline;) await Task.Delay(50);
        return WithSubject(subjectPart);
    }

    async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.UTF8);
            var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 smtp-sink ready");
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ')[0].ToUpperInvariant();
                if (verb == "DATA")
                {
                    await writer.WriteLineAsync("354 end with .");
                    var data = new StringBuilder();
                    // RFC 5321 dot-stuffing: a line of the message that starts with '.' arrives with one more.
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                        data.Append(dataLine.StartsWith("..") ? dataLine[1..] : dataLine).Append("\r\n");
                    messages.Enqueue(data.ToString());
                    await writer.WriteLineAsync("250 queued");
                }
                else if (verb == "QUIT")
                {
                    await writer.WriteLineAsync("221 bye");
                    return;
                }
                else await writer.WriteLineAsync(verb is "EHLO" or "HELO" ? "250 smtp-sink" : "250 OK");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
    }
}

/// <summary>A received message, decoded by MimeKit (headers, transfer encodings, text and HTML parts).</summary>
public sealed record ReceivedMail(string Subject, string To, string Text, string Html)
{
    public static ReceivedMail Parse(string raw)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(raw));
        var message = MimeKit.MimeMessage.Load(stream);
        return new ReceivedMail(message.Subject ?? "", message.To.ToString(), message.TextBody ?? "", message.HtmlBody ?? "");
    }
}
