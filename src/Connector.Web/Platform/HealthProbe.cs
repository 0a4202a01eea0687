namespace Connector.Web.Platform;

/// <summary>
/// "dotnet Connector.Web.dll --probe-health": asks the running app's /health and exits 0 or 1.
/// The container's HEALTHCHECK uses it because the runtime image ships no curl.
/// </summary>
public static class HealthProbe
{
    public const string Argument = "--probe-health";

    public static async Task<int> RunAsync()
    {
        var port = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS")?.Split(';', ',')[0] ?? "8080";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{port}/health");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
