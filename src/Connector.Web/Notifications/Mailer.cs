using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using Microsoft.Extensions.Options;

namespace Connector.Web.Notifications;

/// <summary>The "Smtp" configuration section. Without a Host, no email is sent (alerts still show in the app).</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool EnableSsl { get; set; } = true;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "MultiSource Connector <no-reply@multisource-connector.invalid>";
}

public sealed record Email(IReadOnlyList<string> To, string Subject, string Text, string Html);

/// <summary>Sends email by SMTP, plain text and HTML in one message.</summary>
public sealed class Mailer(IOptions<SmtpOptions> options, ILogger<Mailer> logger)
{
    public async Task<bool> SendAsync(Email email, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (string.IsNullOrEmpty(smtp.Host) || email.To.Count == 0) return false;
        using var message = new MailMessage { From = new MailAddress(smtp.From), Subject = email.Subject, Body = email.Text };
        foreach (var to in email.To) message.To.Add(to);
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(email.Html, null, MediaTypeNames.Text.Html));
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
        if (smtp.Username is not null) client.Credentials = new NetworkCredential(smtp.Username, smtp.Password);
        try
        {
            await client.SendMailAsync(message, cancellationToken);
            return true;
        }
        catch (SmtpException e)
        {
            logger.LogError(e, "Could not send the email \"{Subject}\"", email.Subject);
            return false;
        }
    }
}
