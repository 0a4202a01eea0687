using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connector.Tests.Infrastructure;

namespace Connector.Tests.Connect;

/// <summary>
/// The Jira and the Confluence descriptor, as served, against Atlassian's published descriptor rules (CONNECT.md §1:
/// the global schema's required fields and patterns, the module rules, each product's admin location and conditions).
/// The schema files themselves cannot be fetched offline, so the rules are stated here, each with where it comes from.
/// </summary>
public sealed partial class ProductDescriptorTests : IAsyncLifetime
{
    const string BaseUrl = "https://connector.example.com";
    static readonly string[] Scopes = ["READ", "WRITE", "DELETE", "PROJECT_ADMIN", "SPACE_ADMIN", "ADMIN", "ACT_AS_USER", "ACCESS_EMAIL_ADDRESSES", "NONE"];
    static readonly string[] JiraOnlyModules = ["webSections", "jiraProjectAdminTabPanels", "jiraIssueFields", "jiraWorkflowPostFunctions"];

    readonly HttpClient http = new();
    Microsoft.AspNetCore.Builder.WebApplication app = null!;
    JsonObject jira = null!, confluence = null!;

    public async Task InitializeAsync()
    {
        app = StandaloneApp.Create(await TestPostgres.CreateDatabaseAsync(nameof(ProductDescriptorTests)), baseUrl: BaseUrl + "/");
        await app.StartAsync();
        jira = JsonNode.Parse(await http.GetStringAsync(app.Url() + "/atlassian-connect.json"))!.AsObject();
        confluence = JsonNode.Parse(await http.GetStringAsync(app.Url() + "/confluence/atlassian-connect.json"))!.AsObject();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        http.Dispose();
    }

    [Theory]
    [InlineData("jira")]
    [InlineData("confluence")]
    public void Each_descriptor_follows_the_global_schema(string product)
    {
        var descriptor = product == "jira" ? jira : confluence;
        var problems = GlobalSchemaProblems(descriptor).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_two_apps_have_their_own_key_and_base_url_but_the_same_lifecycle_scopes_and_pages()
    {
        Assert.Equal("multisource-connector-csm", (string?)jira["key"]);
        Assert.Equal("multisource-connector-csm-confluence", (string?)confluence["key"]);
        Assert.Equal(BaseUrl, (string?)jira["baseUrl"]);
        Assert.Equal(BaseUrl + "/confluence", (string?)confluence["baseUrl"]);
        Assert.True(JsonNode.DeepEquals(jira["lifecycle"], confluence["lifecycle"]));
        Assert.True(JsonNode.DeepEquals(jira["scopes"], confluence["scopes"]));
        Assert.True(JsonNode.DeepEquals(jira["apiMigrations"], confluence["apiMigrations"]));
        Assert.Equal(PageUrls(jira), PageUrls(confluence));
        Assert.Equal(["/connections", "/sources", "/settings", "/connections", "/getting-started"], PageUrls(confluence));
    }

    [Fact]
    public void Jira_pages_sit_in_the_apps_section_of_Jira_administration_and_show_to_Jira_admins()
    {
        var section = (string)jira["modules"]!["webSections"]![0]!["key"]!;
        Assert.Equal("admin_plugins_menu", (string?)jira["modules"]!["webSections"]![0]!["location"]);
        Assert.All(AdminPages(jira), page => Assert.Equal($"admin_plugins_menu/{section}", (string?)page["location"]));
        Assert.All(AdminPages(jira).Concat(SinglePages(jira)), page => Assert.Equal(["user_is_admin"], Conditions(page)));
    }

    [Fact]
    public void Confluence_pages_sit_in_Confluence_administration_show_to_Confluence_admins_and_use_no_Jira_module()
    {
        var modules = confluence["modules"]!.AsObject();
        Assert.DoesNotContain(modules, m => JiraOnlyModules.Contains(m.Key));
        Assert.Equal(["connections", "external-sources", "settings"], AdminPages(confluence).Select(p => (string)p["key"]!));
        Assert.All(AdminPages(confluence), page => Assert.Equal("system.admin/marketplace_confluence", (string?)page["location"]));
        Assert.All(AdminPages(confluence).Concat(SinglePages(confluence)), page => Assert.Equal(["user_is_confluence_administrator"], Conditions(page)));
        Assert.NotNull(modules["configurePage"]);
    }

    /// <summary>The rules of jira-global-schema.json (and Confluence's, which shares them) that our descriptor can break.</summary>
    static IEnumerable<string> GlobalSchemaProblems(JsonObject descriptor)
    {
        foreach (var required in new[] { "baseUrl", "key", "authentication" })
            if (descriptor[required] is null) yield return $"{required} is required";
        var key = (string?)descriptor["key"] ?? "";
        if (!AppKey().IsMatch(key) || key.Length > 64) yield return $"key {key} must match ^[a-zA-Z0-9-._]+$ and be at most 64 characters";
        if (((string?)descriptor["name"])?.Length is null or > 80) yield return "name must be a string of at most 80 characters";
        var baseUrl = (string?)descriptor["baseUrl"] ?? "";
        if (!BaseUrlPattern().IsMatch(baseUrl) || baseUrl.Length > 200) yield return $"baseUrl {baseUrl} must be an http(s) URL of at most 200 characters";
        if ((string?)descriptor["authentication"]?["type"] is not ("jwt" or "JWT")) yield return "authentication.type must be jwt";
        if (descriptor["lifecycle"]?["installed"] is null) yield return "lifecycle.installed is needed to receive the shared secret";
        foreach (var (hook, url) in descriptor["lifecycle"]?.AsObject() ?? [])
            if (!((string?)url ?? "").StartsWith('/')) yield return $"lifecycle.{hook} must be relative to baseUrl";
        foreach (var scope in descriptor["scopes"]?.AsArray() ?? [])
            if (!Scopes.Contains(((string?)scope)?.ToUpperInvariant())) yield return $"scope {scope} is not one of the schema's";
        if (descriptor["apiMigrations"]?["signed-install"]?.GetValue<bool>() != true) yield return "apiMigrations.signed-install must be on";
        var moduleKeys = new List<string>();
        foreach (var module in AdminPages(descriptor).Concat(SinglePages(descriptor)).Concat(Sections(descriptor)))
        {
            var moduleKey = (string?)module["key"] ?? "";
            moduleKeys.Add(moduleKey);
            if (!ModuleKey().IsMatch(moduleKey)) yield return $"module key {moduleKey} must match ^[a-zA-Z0-9-]+$";
            if (module["name"]?["value"] is null) yield return $"module {moduleKey} needs name.value";
            if (module["url"] is { } url && !((string?)url ?? "").StartsWith('/')) yield return $"module {moduleKey} url must be relative";
        }
        foreach (var duplicate in moduleKeys.GroupBy(k => k).Where(g => g.Count() > 1))
            yield return $"module key {duplicate.Key} is not unique";
    }

    static List<JsonObject> AdminPages(JsonObject descriptor) => (descriptor["modules"]!["adminPages"]?.AsArray() ?? []).OfType<JsonObject>().ToList();

    static IEnumerable<JsonObject> SinglePages(JsonObject descriptor) =>
        new[] { "configurePage", "postInstallPage" }.Select(m => descriptor["modules"]![m]).OfType<JsonObject>();

    static IEnumerable<JsonObject> Sections(JsonObject descriptor) => (descriptor["modules"]!["webSections"]?.AsArray() ?? []).OfType<JsonObject>();

    static List<string> PageUrls(JsonObject descriptor) => AdminPages(descriptor).Concat(SinglePages(descriptor)).Select(p => (string)p["url"]!).ToList();

    static List<string> Conditions(JsonObject page) => (page["conditions"]?.AsArray() ?? []).Select(c => (string)c!["condition"]!).ToList();

    [GeneratedRegex("^[a-zA-Z0-9-._]+$")]
    private static partial Regex AppKey();

    [GeneratedRegex("^[a-zA-Z0-9-]+$")]
    private static partial Regex ModuleKey();

    [GeneratedRegex(@"^((https|http):\/\/.+|)$")]
    private static partial Regex BaseUrlPattern();
}
