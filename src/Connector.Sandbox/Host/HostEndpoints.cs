using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Sandbox.Connect;
using Connector.Sandbox.Sites;
using Microsoft.AspNetCore.WebUtilities;

namespace Connector.Sandbox.Host;

/// <summary>
/// A Jira- or Confluence-like admin screen: our app's admin pages in the left navigation, a site, a product and a
/// user switcher, and an iframe that loads the module URL with the query parameters and the JWT the product would
/// add. all.js inside the iframe talks to this page over postMessage. Confluence's screens live below /wiki, as on
/// a real site, and frame the Confluence app (its own descriptor, clientKey and secret).
/// </summary>
public static class HostEndpoints
{
    public static void MapHost(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (SiteDirectory sites) => Results.Redirect($"/site/{sites.All.First().Name}/admin"));
        app.MapGet("/all.js", () => Results.Text(Embedded("all.js"), "application/javascript"));
        app.MapGet("/host.css", () => Results.Text(Embedded("host.css"), "text/css"));
        foreach (var product in Enum.GetValues<SiteProduct>())
        {
            var root = "/site/{siteName}" + product.ContextPath();
            app.MapGet(root + "/admin/{moduleKey?}", (string siteName, string? moduleKey, string? @as, SiteDirectory sites, TokenMinter tokens, HttpRequest request) =>
                HostPage(product, siteName, moduleKey, @as, sites, tokens, request));
            // The product's address for an app's page, as links in our emails use it.
            app.MapGet(root + "/plugins/servlet/ac/{appKey}/{moduleKey}", (string siteName, string moduleKey, HttpRequest request) =>
                Results.Redirect($"/site/{siteName}{product.ContextPath()}/admin/{moduleKey}{request.QueryString}"));
            app.MapPost(root + "/context-token", (string siteName, string? @as, SiteDirectory sites, TokenMinter tokens) =>
                sites.Find(siteName) is { } site && site.Install(product) is { Installed: true } install && User(site, @as) is var user
                    ? Results.Json(new { token = tokens.ContextToken(install, user.AccountId) })
                    : Results.NotFound());
        }
    }

    static IResult HostPage(SiteProduct product, string siteName, string? moduleKey, string? @as, SiteDirectory sites, TokenMinter tokens,
        HttpRequest request)
    {
        // Like the product, hand the page's ac.* parameters on to the app's iframe.
        var appParameters = request.Query.Where(q => q.Key.StartsWith("ac.", StringComparison.Ordinal)).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        if (sites.Find(siteName) is not { } site) return Results.NotFound();
        var install = site.Install(product);
        var user = User(site, @as);
        var descriptor = sites.DescriptorOf(product);
        var modules = descriptor is null ? [] : AdminModules(descriptor);
        var module = modules.FirstOrDefault(m => m.Key == moduleKey) ?? modules.FirstOrDefault();
        var here = $"/site/{Html(site.Name)}{product.ContextPath()}";
        var installAction = $"/sandbox/sites/{Html(site.Name)}{(product == SiteProduct.Confluence ? "/confluence" : "")}/install";

        var frame = !install.Installed || descriptor is null || module is null
            ? $"""<div class="host-empty"><p>The app is not installed in {Html(site.Name)}'s {install.ProductName}.</p><form method="post" action="{installAction}" data-install><button>Install the app</button></form></div>"""
            : $"""<iframe id="app-frame" title="{Html(module.Name)}" src="{Html(FrameUrl(install, user, module, descriptor, tokens, site.TimeZone, appParameters))}"></iframe>""";

        var nav = string.Join("", modules.Select(m =>
            $"""<a href="{here}/admin/{Html(m.Key)}?as={Html(user.AccountId)}" {(m == module ? "aria-current=\"page\"" : "")}>{Html(m.Name)}</a>"""));
        var siteOptions = string.Join("", sites.All.Select(s =>
            $"""<option value="{Html(s.Name)}" {(s == site ? "selected" : "")}>{Html(s.Name)}.atlassian.net (sandbox)</option>"""));
        var userOptions = string.Join("", site.Users.Select(u =>
            $"""<option value="{Html(u.AccountId)}" {(u == user ? "selected" : "")}>{Html(u.DisplayName)}{(u.IsAdmin ? $" ({install.ProductName} admin)" : "")}</option>"""));
        var productLinks = string.Join(" ", Enum.GetValues<SiteProduct>().Select(p =>
            $"""<a href="/site/{Html(site.Name)}{p.ContextPath()}/admin?as={Html(user.AccountId)}" {(p == product ? "aria-current=\"page\"" : "")}>{site.Install(p).ProductName}</a>"""));

        var html = $$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{Html(site.Name)}} · {{install.ProductName}} administration (sandbox)</title>
            <link rel="stylesheet" href="/host.css"></head>
            <body data-site="{{Html(site.Name)}}" data-context-path="{{product.ContextPath()}}" data-user="{{Html(user.AccountId)}}" data-module="{{Html(module?.Key ?? "")}}">
            <header class="host-top"><strong>{{install.ProductName}}</strong> <span>Sandbox of Atlassian's cloud</span>
              <nav class="host-products" aria-label="Products">{{productLinks}}</nav>
              <label>Site <select id="site-switcher">{{siteOptions}}</select></label>
              <label>User <select id="user-switcher">{{userOptions}}</select></label></header>
            <div class="host-body"><nav class="host-nav" aria-label="Apps"><h2>Apps</h2>{{nav}}</nav>
            <main class="host-main"><div id="host-flags" aria-live="polite"></div>{{frame}}</main></div>
            <script>{{HostScript}}</script></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>The iframe URL the product builds: module URL + standard parameters + a qsh-bound JWT.</summary>
    /// <remarks>cp is the product's context path (Confluence's ends in /wiki), as the product sends it.</remarks>
    static string FrameUrl(ConnectInstall install, SiteUser user, AdminModule module, JsonObject descriptor, TokenMinter tokens, string timeZone,
        IReadOnlyDictionary<string, string?> appParameters)
    {
        var appBaseUrl = descriptor["baseUrl"]!.GetValue<string>().TrimEnd('/');
        var url = QueryHelpers.AddQueryString(appBaseUrl + module.Url, new Dictionary<string, string?>(appParameters)
        {
            ["xdm_e"] = new Uri(install.BaseUrl).GetLeftPart(UriPartial.Authority),
            ["xdm_c"] = $"channel-{descriptor["key"]}__{module.Key}",
            ["cp"] = new Uri(install.BaseUrl).AbsolutePath,
            ["lic"] = "none",
            ["cv"] = "1001.0.0-SNAPSHOT",
            ["tz"] = timeZone,
            ["loc"] = "en-US",
        });
        var jwt = tokens.RequestToken(install, user.AccountId, HttpMethod.Get, new Uri(url), appBaseUrl);
        return $"{url}&jwt={Uri.EscapeDataString(jwt)}";
    }

    static List<AdminModule> AdminModules(JsonObject descriptor)
    {
        var modules = descriptor["modules"]!.AsObject();
        var list = new List<AdminModule>();
        foreach (var page in modules["adminPages"]?.AsArray() ?? []) list.Add(AdminModule.From(page!));
        if (modules["postInstallPage"] is { } postInstall) list.Add(AdminModule.From(postInstall));
        return list;
    }

    static SiteUser User(Site site, string? accountId) => site.FindUser(accountId) ?? site.Admin;

    internal static string Html(string value) => WebUtility.HtmlEncode(value);

    internal static string Embedded(string name)
    {
        using var stream = typeof(HostEndpoints).Assembly.GetManifestResourceStream(name)!;
        return new StreamReader(stream, Encoding.UTF8).ReadToEnd();
    }

    static readonly string HostScript = """
        (() => {
          const body = document.body, site = body.dataset.site, user = body.dataset.user, module = body.dataset.module;
          const contextPath = body.dataset.contextPath;
          const go = (s, u) => location.href = `/site/${s}${contextPath}/admin/${module}?as=${encodeURIComponent(u)}`;
          document.getElementById("site-switcher").onchange = e => go(e.target.value, "");
          document.getElementById("user-switcher").onchange = e => go(site, e.target.value);
          const install = document.querySelector("form[data-install]");
          if (install) install.onsubmit = async e => { e.preventDefault(); await fetch(install.action, { method: "POST" }); location.reload(); };
          const frame = document.getElementById("app-frame");
          if (!frame) return;
          const appOrigin = new URL(frame.src).origin;
          window.addEventListener("message", async e => {
            if (e.origin !== appOrigin || !e.data || !e.data.connectSandbox) return;
            const { id, method, args } = e.data;
            let result = null;
            if (method === "getToken") {
              const r = await fetch(`/site/${site}${contextPath}/context-token?as=${encodeURIComponent(user)}`, { method: "POST" });
              result = (await r.json()).token;
            } else if (method === "resize" && args && args.height) {
              frame.style.height = Math.max(400, args.height) + "px";
            } else if (method === "history" && args && args.state && typeof args.state === "object") {
              const url = new URL(location.href);
              for (const key of [...url.searchParams.keys()]) if (key.startsWith("ac.")) url.searchParams.delete(key);
              for (const [key, value] of Object.entries(args.state.query || {})) url.searchParams.set("ac." + key, String(value));
              if (args.push) history.pushState(null, "", url); else history.replaceState(null, "", url);
            } else if (method === "flag") {
              const flag = document.createElement("div");
              flag.className = `host-flag host-flag-${args.type || "info"}`;
              flag.setAttribute("role", "status");
              flag.textContent = `${args.title || ""} ${args.body || ""}`.trim();
              document.getElementById("host-flags").append(flag);
              if (args.close === "auto") setTimeout(() => flag.remove(), 5000);
            }
            e.source.postMessage({ connectSandboxReply: true, id, result }, appOrigin);
          });
        })();
        """;

    sealed record AdminModule(string Key, string Name, string Url)
    {
        public static AdminModule From(JsonNode node) =>
            new(node["key"]!.GetValue<string>(), node["name"]?["value"]?.GetValue<string>() ?? "", node["url"]!.GetValue<string>());
    }
}
