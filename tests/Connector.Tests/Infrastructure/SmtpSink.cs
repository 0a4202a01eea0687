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
            var reader = new StreamReader(stream, Encoding.ASCII);
            var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 smtp-sink ready");
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ')[0].ToUpperInvariant();
                if (verb == "DATA")
                {
                    await writer.WriteLineAsync("354 end with .");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".") data.Append(dataLine).Append("\r\n");
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

/// <summary>A received message, decoded: folded and encoded headers, base64 text and HTML parts.</summary>
public sealed record ReceivedMail(string Subject, string To, string Text, string Html)
{
    public static ReceivedMail Parse(string raw)
    {
        var (headers, body) = Split(raw);
        var boundary = System.Text.RegularExpressions.Regex.Match(headers.GetValueOrDefault("content-type", ""), "boundary=\"?([^\";]+)").Groups[1].Value;
        string text = "", html = "";
        var parts = boundary.Length == 0 ? [raw] : body.Split("--" + boundary);
        foreach (var part in parts)
        {
            var (partHeaders, partBody) = Split(part.TrimStart('\r', '\n'));
            var content = partHeaders.GetValueOrDefault("content-transfer-encoding", "").Contains("base64")
                ? Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(partBody.Split("\r\n").Select(l => l.Trim()))))
                : partBody;
            var type = partHeaders.GetValueOrDefault("content-type", "");
            if (type.StartsWith("text/plain")) text = content;
            else if (type.StartsWith("text/html")) html = content;
        }
        return new ReceivedMail(DecodeWords(headers.GetValueOrDefault("subject", "")), headers.GetValueOrDefault("to", ""), text, html);
    }

    static (Dictionary<string, string> Headers, string Body) Split(string message)
    {
        var end = message.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? message : message[..end];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && last is not null) headers[last] += " " + line.Trim();
            else if (line.IndexOf(':') is > 0 and var colon) headers[last = line[..colon]] = line[(colon + 1)..].Trim();
        }
        return (headers, end < 0 ? "" : message[(end + 4)..]);
    }

    // RFC 2047: consecutive encoded words may split one character between them, so join their bytes first.
    static string DecodeWords(string header)
    {
        var words = System.Text.RegularExpressions.Regex.Matches(header, @"=\?utf-8\?B\?([^?]+)\?=", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        return words.Count == 0 ? header : Encoding.UTF8.GetString(words.SelectMany(w => Convert.FromBase64String(w.Groups[1].Value)).ToArray());
    }
}
