using System.Text.Json.Nodes;
using Connector.Sandbox;
using Connector.Tests.Infrastructure;
using Connector.Web.Forge;

namespace Connector.Tests.Forge;

/// <summary>manifest.yml against the schema of @forge/manifest (the Forge CLI cannot reach Atlassian from here), and in step with the backend.</summary>
public sealed class ForgeManifestTests
{
    static async Task<JsonObject> ValidateAsync(string? manifest = null)
    {
        var (exitCode, output, errors) = await NodeScript.RunAsync(manifest is null ? ["scripts/validate-manifest.mjs"] : ["scripts/validate-manifest.mjs", manifest]);
        Assert.True(exitCode == 0, $"the manifest is not valid: {errors}");
        return JsonNode.Parse(output)!.AsObject();
    }

    [Fact]
    public async Task The_manifest_is_valid_and_routes_its_triggers_where_the_backend_and_the_sandbox_listen()
    {
        var manifest = await ValidateAsync();
        var sandbox = new SandboxOptions();

        Assert.Equal(ForgeEndpoints.LifecycleRoute, (string)manifest["lifecycleRoute"]!);
        Assert.Equal(sandbox.ForgeLifecycleRoute, (string)manifest["lifecycleRoute"]!);
        Assert.Equal(ForgeEndpoints.RefreshRoute, (string)manifest["refreshRoute"]!);
        Assert.Equal(sandbox.ForgeRefreshRoute, (string)manifest["refreshRoute"]!);
        Assert.Equal("hour", (string)manifest["refreshInterval"]!);
        Assert.Equal(["avi:forge:installed:app", "avi:forge:upgraded:app"], manifest["lifecycleEvents"]!.AsArray().Select(e => (string)e!));
        Assert.Equal(["connections", "sources", "settings"], manifest["adminPageRoutes"]!.AsArray().Select(r => (string)r!));
        Assert.Equal([(string)manifest["remote"]!], manifest["frames"]!.AsArray().Select(f => (string)f!));
        var scopes = manifest["scopes"]!.AsArray().Select(s => (string)s!).ToList();
        Assert.Contains("read:app-system-token", scopes);
        Assert.Contains("write:customer.detail:jira-service-management", scopes);
        Assert.Contains("manage:servicedesk-customer", scopes);
        Assert.DoesNotContain(scopes, s => s.StartsWith("write:jira-work") || s.Contains("confluence"));
    }

    [Fact]
    public async Task A_manifest_the_schema_refuses_fails_the_check_with_the_schemas_words()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"manifest-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(Path.Combine(NodeScript.ForgeApp, "manifest.yml"))).Replace("interval: hour", "interval: minute"));
        try
        {
            var (exitCode, _, errors) = await NodeScript.RunAsync("scripts/validate-manifest.mjs", broken);

            Assert.Equal(1, exitCode);
            Assert.Contains("/modules/scheduledTrigger/0/interval must be equal to one of the allowed values", errors);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task Configure_sets_the_app_id_and_the_backend_address_and_the_manifest_stays_valid()
    {
        var copy = Path.Combine(Path.GetTempPath(), $"manifest-{Guid.NewGuid():N}.yml");
        File.Copy(Path.Combine(NodeScript.ForgeApp, "manifest.yml"), copy);
        try
        {
            var (exitCode, _, errors) = await NodeScript.RunAsync("scripts/configure.mjs", "--manifest", copy,
                "--app-id", "11111111-2222-3333-4444-555555555555", "--remote", "https://connector.acme-corp.example/");
            Assert.True(exitCode == 0, errors);

            var manifest = await ValidateAsync(copy);
            Assert.Equal("ari:cloud:ecosystem::app/11111111-2222-3333-4444-555555555555", (string)manifest["appId"]!);
            Assert.Equal("https://connector.acme-corp.example", (string)manifest["remote"]!);
            Assert.Equal(["https://connector.acme-corp.example"], manifest["frames"]!.AsArray().Select(f => (string)f!));
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
