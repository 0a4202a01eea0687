using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Sandbox.Host;
using Connector.Sandbox.Sites;
using Microsoft.Extensions.Options;

namespace Connector.Sandbox.Forge;

/// <summary>
/// A Jira admin page of the Forge app (/jira/settings/apps/{app}/{environment}/{route}) and the Custom UI shell it
/// frames, served like Atlassian's CDN from another origin: the real files of src/Connector.Forge/static/shell,
/// with the stand-in bridge in place of the bundled @forge/bridge.
/// </summary>
public static class ForgeShellEndpoints
{
    static readonly (string Route, string Title)[] Pages = [("connections", "Connections"), ("sources", "External Sources"), ("settings", "Settings")];

    public static void MapForgeShell(this IEndpointRouteBuilder app)
    {
        app.MapGet("/site/{siteName}/jira/settings/apps/{appUuid}/{environment}/{route?}", HostPage);
        app.MapGet("/forge-cdn/{siteName}/vendor/forge-bridge.js", () => Results.Text(HostEndpoints.Embedded("forge-bridge.js"), "text/javascript"));
        app.MapGet("/forge-cdn/{siteName}/{file}", (string file, IOptions<SandboxOptions> options) => ShellFile(file, options.Value));
        app.MapPost("/forge-cdn/{siteName}/invoke", async (string siteName, string? @as, string? module, JsonObject call, SiteDirectory sites,
            IHttpClientFactory http, ForgeSigning signing, ForgeDelivery delivery, IOptions<SandboxOptions> options, CancellationToken ct) =>
            sites.Find(siteName) is { } site && site.Forge.Installed
                ? await ForgeEndpoints.InvokeRemoteAsync(site, site.FindUser(@as) ?? site.Admin, module, call, http.CreateClient("forge-invoke"),
                    signing, delivery, options, ct)
                : Results.Json(new { message = "The app is not installed on this site." }, statusCode: 404));
    }

    static IResult HostPage(string siteName, string appUuid, string? route, string? @as, string? run, string? path, SiteDirectory sites, IOptions<SandboxOptions> options)
    {
        if (sites.Find(siteName) is not { } site || appUuid != options.Value.ForgeAppUuid) return Results.NotFound();
        var user = site.FindUser(@as) ?? site.Admin;
        var page = Pages.FirstOrDefault(p => p.Route == route).Route ?? "connections";
        var shell = $"{options.Value.ShellBaseUrl}/forge-cdn/{site.Name}/index.html?module=connector-admin&route={page}"
            + $"&as={Uri.EscapeDataString(user.AccountId)}{(run is null ? "" : $"&run={Uri.EscapeDataString(run)}")}"
            + (path is null ? "" : $"&path={Uri.EscapeDataString(path)}");
        var frame = site.Forge.Installed
            ? $"""<iframe id="forge-frame" title="MultiSource Connector" src="{Html(shell)}"></iframe>"""
            : $"""<div class="host-empty"><p>The Forge app is not installed on {Html(site.Name)}.</p></div>""";
        var nav = string.Join("", Pages.Select(p =>
            $"""<a href="/site/{Html(site.Name)}/jira/settings/apps/{Html(appUuid)}/{Html(options.Value.ForgeEnvironmentUuid)}/{p.Route}?as={Html(user.AccountId)}" {(p.Route == page ? "aria-current=\"page\"" : "")}>{Html(p.Title)}</a>"""));
        var users = string.Join("", site.Users.Select(u =>
            $"""<option value="{Html(u.AccountId)}" {(u == user ? "selected" : "")}>{Html(u.DisplayName)}{(u.IsAdmin ? " (Jira admin)" : "")}</option>"""));
        return Results.Content($$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{Html(site.Name)}} · Jira settings · Apps (sandbox, Forge)</title>
            <link rel="stylesheet" href="/host.css"></head>
            <body data-site="{{Html(site.Name)}}"><header class="host-top"><strong>Jira</strong> <span>Sandbox of Atlassian's cloud · the app through Forge</span>
              <label>User <select id="user-switcher" onchange="location.search='?as='+encodeURIComponent(this.value)">{{users}}</select></label></header>
            <div class="host-body"><nav class="host-nav" aria-label="Apps"><h2>MultiSource Connector</h2>{{nav}}</nav>
            <main class="host-main">{{frame}}</main></div>
            <script>{{HistoryScript}}</script></body></html>
            """, "text/html; charset=utf-8");
    }

    // Forge's history.replace from the shell changes the site page's URL (its query), as Jira does for Custom UI.
    static readonly string HistoryScript = """
        window.addEventListener("message", e => {
          const frame = document.getElementById("forge-frame");
          if (!frame || e.source !== frame.contentWindow || !e.data || !e.data.forgeHistory) return;
          const url = new URL(location.href);
          const next = new URLSearchParams(e.data.search);
          for (const name of ["path", "run"]) { url.searchParams.delete(name); if (next.get(name)) url.searchParams.set(name, next.get(name)); }
          history.replaceState(null, "", url);
        });
        """;

    static IResult ShellFile(string file, SandboxOptions options)
    {
        var folder = options.ForgeShellPath ?? FindShellFolder();
        var path = Path.GetFullPath(Path.Combine(folder, file));
        if (!path.StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path)) return Results.NotFound();
        var type = Path.GetExtension(path) switch { ".html" => "text/html; charset=utf-8", ".js" => "text/javascript", ".css" => "text/css", _ => "application/octet-stream" };
        return Results.Text(File.ReadAllText(path, Encoding.UTF8), type);
    }

    static string FindShellFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Connector.Forge", "static", "shell");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("src/Connector.Forge/static/shell was not found; set Sandbox__ForgeShellPath.");
    }

    static string Html(string value) => WebUtility.HtmlEncode(value);
}
