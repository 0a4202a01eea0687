using System.Text.Json.Nodes;
using Connector.Tests.Infrastructure;
using Connector.Web.Connect.Descriptor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Tests.Platform;

public sealed class HealthAndDescriptorTests
{
    readonly HttpClient http = new();

    [Fact]
    public async Task Health_is_healthy_with_the_schema_up_to_date_and_unhealthy_once_the_database_is_gone()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(Health_is_healthy_with_the_schema_up_to_date_and_unhealthy_once_the_database_is_gone));
        await using var app = StandaloneApp.Create(connectionString);
        await app.StartAsync();

        using var healthy = await http.GetAsync(app.Url() + "/health");
        var body = JsonNode.Parse(await healthy.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal("healthy", body["status"]!.GetValue<string>());

        await DropDatabaseAsync(connectionString);
        using var unhealthy = await http.GetAsync(app.Url() + "/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
    }

    [Fact]
    public async Task The_descriptor_is_served_with_the_configured_base_url_and_signed_install()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(The_descriptor_is_served_with_the_configured_base_url_and_signed_install));
        await using var app = StandaloneApp.Create(connectionString, baseUrl: "https://connector.example.com/");
        await app.StartAsync();

        var descriptor = JsonNode.Parse(await http.GetStringAsync(app.Url() + "/atlassian-connect.json"))!;

        Assert.Equal("https://connector.example.com", descriptor["baseUrl"]!.GetValue<string>());
        Assert.Equal("jwt", descriptor["authentication"]!["type"]!.GetValue<string>());
        Assert.True(descriptor["apiMigrations"]!["signed-install"]!.GetValue<bool>());
        Assert.True(descriptor["apiMigrations"]!["context-qsh"]!.GetValue<bool>());
        Assert.Equal("/connect/installed", descriptor["lifecycle"]!["installed"]!.GetValue<string>());
        var adminPages = descriptor["modules"]!["adminPages"]!.AsArray().Select(p => p!["url"]!.GetValue<string>());
        Assert.Equal(["/connections", "/sources", "/settings"], adminPages);
    }

    [Fact]
    public async Task Every_descriptor_url_refuses_requests_without_a_valid_token()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(Every_descriptor_url_refuses_requests_without_a_valid_token));
        await using var app = StandaloneApp.Create(connectionString);
        await app.StartAsync();
        var descriptor = app.Services.GetRequiredService<AppDescriptor>();
        var urls = descriptor.ModuleUrls().Concat(["/connect/installed", "/connect/uninstalled", "/connect/enabled", "/connect/disabled"]);

        foreach (var url in urls)
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            using var response = await http.SendAsync(new HttpRequestMessage(method, app.Url() + url));
            Assert.True((int)response.StatusCode >= 400, $"{method} {url} answered {(int)response.StatusCode} without a token");
        }
    }

    [Fact]
    public async Task Responses_ask_browsers_for_https_only_when_the_app_is_served_over_https()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(Responses_ask_browsers_for_https_only_when_the_app_is_served_over_https));
        await using var overHttps = StandaloneApp.Create(connectionString, baseUrl: "https://connector.example.com");
        await using var overHttp = StandaloneApp.Create(connectionString, baseUrl: "http://127.0.0.1:5080");
        await Task.WhenAll(overHttps.StartAsync(), overHttp.StartAsync());

        using var secure = await http.GetAsync(overHttps.Url() + "/atlassian-connect.json");
        using var plain = await http.GetAsync(overHttp.Url() + "/atlassian-connect.json");

        Assert.Equal("max-age=31536000; includeSubDomains", secure.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_app_refuses_to_start_without_a_base_url()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(The_app_refuses_to_start_without_a_base_url));
        await using var app = StandaloneApp.Create(connectionString, baseUrl: null);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Connect__BaseUrl is required", failure.Message);
    }

    static async Task DropDatabaseAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        var server = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database \"{database}\" with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
