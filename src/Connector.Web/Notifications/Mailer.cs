using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Connector.Web.Notifications;

/// <summary>The "Smtp" configuration section. Without a Host, no email is sent (alerts still show in the app).</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";
    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary>TLS: implicit on port 465, STARTTLS on any other port; off only when false (a local relay).</summary>
    public bool EnableSsl { get; set; } = true;

    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "MultiSource Connector <no-reply@multisource-connector.invalid>";

    public SecureSocketOptions Security =>
        !EnableSsl ? SecureSocketOptions.None : Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
}

public sealed record Email(IReadOnlyList<string> To, string Subject, string Text, string Html);

/// <summary>
/// Sends email by SMTP with MailKit, plain text and HTML in one message. (System.Net.Mail.SmtpClient is
/// obsolete in Microsoft's own words and cannot speak implicit TLS on port 465.)
/// </summary>
public sealed class Mailer(IOptions<SmtpOptions> options, ILogger<Mailer> logger)
{
    public async Task<bool> SendAsync(Email email, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (string.IsNullOrEmpty(smtp.Host) || email.To.Count == 0) return false;
        try
        {
            using var client = new SmtpClient();
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, cancellationToken);
            if (smtp.Username is not null) await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            await client.SendAsync(Message(email, smtp.From), cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException
                                      or AuthenticationException or IOException or System.Net.Sockets.SocketException or SslHandshakeException)
        {
            logger.LogError("Could not send the email \"{Subject}\": {Problem}", email.Subject, e.Message);
            return false;
        }
    }

    static MimeMessage Message(Email email, string from)
    {
        var message = new MimeMessage { Subject = email.Subject };
        message.From.Add(MailboxAddress.Parse(from));
        foreach (var to in email.To) message.To.Add(MailboxAddress.Parse(to));
        message.Body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html }.ToMessageBody();
        return message;
    }
}
