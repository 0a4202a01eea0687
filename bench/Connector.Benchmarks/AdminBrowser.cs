using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connector.Benchmarks;

/// <summary>
/// A site admin, as far as the app can tell: opens the app through the sandbox's host page (which frames
/// it with a product JWT), then carries the app's session token through its forms, as the pages do.
/// </summary>
sealed partial class AdminBrowser(HttpClient http, string appUrl, string token)
{
    public string Token { get; private set; } = token;

    public static async Task<AdminBrowser> OpenAsync(HttpClient http, string sandboxUrl, string appUrl, string site)
    {
        var page = await http.GetStringAsync(await FrameUrlAsync(http, sandboxUrl, site));
        return new AdminBrowser(http, appUrl, SessionMeta().Match(page).Groups[1].Value);
    }

    /// <summary>The address the product frames our Get started page at: signed by the site with a product JWT (qsh).</summary>
    public static async Task<string> FrameUrlAsync(HttpClient http, string sandboxUrl, string site)
    {
        var host = await http.GetStringAsync($"{sandboxUrl}/site/{site}/admin/getting-started");
        return WebUtility.HtmlDecode(FrameSource().Match(host).Groups[1].Value);
    }

    public async Task<string> GetAsync(string path)
    {
        using var response = await http.GetAsync($"{appUrl}{path}{(path.Contains('?') ? '&' : '?')}jwt={Token}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts a form and returns where it redirected to (the pages answer a successful post with a redirect).</summary>
    public async Task<string> PostAsync(string path, Dictionary<string, string> fields)
    {
        using var form = new MultipartFormDataContent { { new StringContent(Token), "jwt" } };
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        using var response = await http.PostAsync($"{appUrl}{path}", form);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {Excerpt(await response.Content.ReadAsStringAsync())}");
        var location = response.Headers.Location!.ToString();
        Token = JwtParameter().Match(location).Groups[1].Value;
        return location;
    }

    public async Task<JsonObject> RunProgressAsync(Guid runId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{appUrl}/api/runs/{runId}");
        request.Headers.Authorization = new("JWT", Token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    static string Excerpt(string html) => Regex.Replace(html, "<[^>]+>", " ").Trim() is var text && text.Length > 400 ? text[..400] : text;

    [GeneratedRegex("id=\"app-frame\"[^>]*src=\"([^\"]+)\"")]
    private static partial Regex FrameSource();

    [GeneratedRegex("<meta name=\"connect-session\" content=\"([^\"]+)\"")]
    private static partial Regex SessionMeta();

    [GeneratedRegex("jwt=([^&]+)")]
    private static partial Regex JwtParameter();
}
