using Connector.Web.Notifications;
using MailKit.Security;

namespace Connector.Tests.Notifications;

public sealed class SmtpSecurityTests
{
    [Theory]
    [InlineData(465, true, SecureSocketOptions.SslOnConnect)]
    [InlineData(587, true, SecureSocketOptions.StartTls)]
    [InlineData(25, true, SecureSocketOptions.StartTls)]
    [InlineData(25, false, SecureSocketOptions.None)]
    [InlineData(465, false, SecureSocketOptions.None)]
    public void Port_465_speaks_implicit_TLS_and_other_ports_STARTTLS(int port, bool enableSsl, SecureSocketOptions expected) =>
        Assert.Equal(expected, new SmtpOptions { Port = port, EnableSsl = enableSsl }.Security);
}
