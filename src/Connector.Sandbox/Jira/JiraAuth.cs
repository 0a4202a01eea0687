using System.Text;
using Connector.Sandbox.Connect;
using Connector.Sandbox.Sites;

namespace Connector.Sandbox.Jira;

/// <summary>Jira takes basic auth (email:API token), an installed Connect app's JWT, or a Forge app's system token (through the gateway).</summary>
public sealed class JiraAuth(AppJwtVerifier appJwt)
{
    public async Task<JiraCaller?> AuthenticateAsync(Site site, HttpRequest request)
    {
        if (Forge.ForgeGateway.IsApp(request.HttpContext, site)) return new JiraCaller(null);
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("JWT ", StringComparison.Ordinal))
            return await appJwt.RefuseAsync(site, request) is null ? new JiraCaller(null) : null;
        if (!header.StartsWith("Basic ", StringComparison.Ordinal)) return null;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
        var separator = decoded.IndexOf(':');
        if (separator < 0) return null;
        var (email, token) = (decoded[..separator], decoded[(separator + 1)..]);
        var user = site.Users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase) && u.ApiToken == token);
        return user is null ? null : new JiraCaller(user);
    }

    /// <summary>What Jira answers to bad credentials: 401, an HTML page and the Seraph reason header.</summary>
    public static IResult Refusal() => new RefusalResult();

    sealed class RefusalResult : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = 401;
            context.Response.Headers["X-Seraph-LoginReason"] = "AUTHENTICATED_FAILED";
            context.Response.ContentType = "text/html;charset=UTF-8";
            return context.Response.WriteAsync("<html><body><h1>Unauthorized (401)</h1><p>Basic authentication with passwords is deprecated.</p></body></html>");
        }
    }
}

/// <summary>A verified Jira caller: a site user (basic auth) or the installed app (User is null).</summary>
public sealed record JiraCaller(SiteUser? User)
{
    public bool IsAdmin => User is null || User.IsAdmin;
}
