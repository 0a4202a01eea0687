using System.Text.RegularExpressions;

namespace Connector.Tests.Infrastructure;

/// <summary>
/// A user inside the product's iframe: opened once with the product's JWT, then carried from page to
/// page by the session token, in links (query) and forms (a posted field), exactly as the pages do.
/// </summary>
public sealed partial class AppSession(HttpClient http, string appUrl, string token)
{
    public string Token { get; private set; } = token;

    public static async Task<AppSession> OpenAsync<T>(ConnectWorld<T> world, string site, string? accountId = null,
        Connector.Sandbox.Sites.SiteProduct product = Connector.Sandbox.Sites.SiteProduct.Jira)
    {
        if (!world.Site(site).Install(product).Installed) await world.InstallAsync(site, product);
        using var response = await world.Http.GetAsync(world.FrameUrl(site, "/getting-started", accountId, product));
        response.EnsureSuccessStatusCode();
        return new AppSession(world.Http, world.AppUrl, SessionToken(await response.Content.ReadAsStringAsync()));
    }

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        using var response = await http.GetAsync($"{appUrl}{path}{(path.Contains('?') ? '&' : '?')}jwt={Token}");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Posts a multipart form (as the pages do) and follows a redirect back into the app. With <paramref name="waitForContinue"/>
    /// the body is sent only once the server asks for it (Expect: 100-continue), so a refusal before reading arrives as
    /// its status rather than as a broken pipe while the body is still being written.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Html)> PostAsync(string path, Dictionary<string, string> fields,
        (string Name, string FileName, byte[] Content)? file = null, bool waitForContinue = false)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(Token), "jwt");
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        if (file is { } f) form.Add(new ByteArrayContent(f.Content), f.Name, f.FileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{appUrl}{path}") { Content = form };
        request.Headers.ExpectContinue = waitForContinue;
        using var response = await http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            var location = response.Headers.Location!.ToString();
            Token = JwtParameter().Match(location).Groups[1].Value;
            var next = await http.GetAsync(location.StartsWith("http") ? location : appUrl + location);
            return (next.StatusCode, await next.Content.ReadAsStringAsync());
        }
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static string SessionToken(string html) => SessionMeta().Match(html) is { Success: true } match
        ? match.Groups[1].Value
        : throw new Xunit.Sdk.XunitException("The page carries no session token.");

    [GeneratedRegex("<meta name=\"connect-session\" content=\"([^\"]+)\"")]
    private static partial Regex SessionMeta();

    [GeneratedRegex("jwt=([^&]+)")]
    private static partial Regex JwtParameter();
}
