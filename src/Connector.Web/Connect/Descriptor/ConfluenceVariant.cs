using System.Text.Json.Nodes;

namespace Connector.Web.Connect.Descriptor;

/// <summary>
/// Turns the Jira descriptor into the Confluence one. Only what differs between the products changes
/// (CONNECT.md §1.2): Confluence has no admin_plugins_menu, so the admin pages sit in its default admin location
/// (system.admin/marketplace_confluence) and show to Confluence administrators.
/// </summary>
static class ConfluenceVariant
{
    /// <summary>
    /// Atlassian requires each Connect app to have its own key and baseUrl, so the Confluence app's key is the
    /// Jira app's with this suffix (its baseUrl is ours plus <see cref="ConnectProducts.ConfluencePathBase"/>).
    /// </summary>
    const string KeySuffix = "-confluence";

    public const string AdminLocation = "system.admin/marketplace_confluence";
    public const string AdminCondition = "user_is_confluence_administrator";

    public static JsonObject From(JsonObject jira)
    {
        var confluence = (JsonObject)jira.DeepClone();
        confluence["key"] = jira["key"]!.GetValue<string>() + KeySuffix;
        var modules = confluence["modules"]!.AsObject();
        modules.Remove("webSections");
        foreach (var page in modules["adminPages"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            page["location"] = AdminLocation;
            page["conditions"] = AdminConditions();
        }
        foreach (var single in new[] { "configurePage", "postInstallPage" })
            if (modules[single] is JsonObject page) page["conditions"] = AdminConditions();
        return confluence;
    }

    static JsonArray AdminConditions() => [new JsonObject { ["condition"] = AdminCondition }];
}
