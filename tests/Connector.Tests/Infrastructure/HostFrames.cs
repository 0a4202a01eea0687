using Microsoft.Playwright;

namespace Connector.Tests.Infrastructure;

/// <summary>What runs inside our iframe on a sandbox host page (Jira's or Confluence's).</summary>
static class HostFrames
{
    /// <summary>
    /// What a page script does to get a session: asks the host for a context token (AP.context.getToken()) and trades
    /// it at /api/session; the trade's HTTP status.
    /// </summary>
    public static Task<int> TradeContextTokenAsync(IPage page, string appUrl) =>
        page.Frames.Single(f => f.Url.StartsWith(appUrl)).EvaluateAsync<int>("""
            async () => {
              const token = await AP.context.getToken();
              const response = await fetch("/api/session", { method: "POST", headers: { Authorization: "JWT " + token } });
              return response.status;
            }
            """);
}
