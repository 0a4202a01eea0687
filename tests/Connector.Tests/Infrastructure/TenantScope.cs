using Connector.Sandbox.Sites;
using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Imports;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Secrets;
using Connector.Web.Sources;
using Connector.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Infrastructure;

/// <summary>Sets up a site's connector state directly (as its pages would), for tests of what comes after.</summary>
public static class TenantScope
{
    /// <summary>
    /// Work in the site's tenant: its Forge installation's when it has one, else its Connect install's (installed first
    /// if need be); for <see cref="SiteProduct.Confluence"/>, the install in the site's Confluence.
    /// </summary>
    public static async Task<T> InTenantAsync<TWorld, T>(this ConnectWorld<TWorld> world, string site, Func<IServiceProvider, Task<T>> work,
        SiteProduct product = SiteProduct.Jira)
    {
        var install = world.Site(site).Install(product);
        var (clientKey, installationId) = (install.ClientKey, product == SiteProduct.Jira ? world.Site(site).Forge.InstallationId : null);
        if (installationId is null && !install.Installed) await world.InstallAsync(site, product);
        await using var scope = world.App.Services.CreateAsyncScope();
        var tenant = await scope.ServiceProvider.GetRequiredService<ConnectorDb>().Set<Tenant>()
            .SingleAsync(t => installationId != null ? t.ForgeInstallationId == installationId : t.ClientKey == clientKey);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Establish(tenant, world.Site(site).Admin.AccountId);
        return await work(scope.ServiceProvider);
    }

    /// <summary>The site's CSM access set to its admin's email and API token, and a Jira source reading another site.</summary>
    public static Task<Connection> ConnectionFromJiraAsync<TWorld>(this ConnectWorld<TWorld> world, string site, string sourceSite,
        Destination destination = Destination.CustomersAndOrganizations, DeactivationPolicy policy = DeactivationPolicy.Ignore,
        SiteProduct product = SiteProduct.Jira)
    {
        var from = world.Site(sourceSite);
        return world.ConnectionFromSourceAsync(site, SourceType.JiraCloud, new SourceSettings { SiteUrl = from.BaseUrl, Email = from.Admin.Email },
            from.Admin.ApiToken, destination, policy, product: product);
    }

    /// <summary>
    /// The site's CSM access set to its admin's email and API token (unless the app reaches CSM through Forge), and a
    /// connection from a new source of <paramref name="type"/> with the type's default mapping (changed by <paramref name="mapping"/>).
    /// </summary>
    public static Task<Connection> ConnectionFromSourceAsync<TWorld>(this ConnectWorld<TWorld> world, string site, SourceType type, SourceSettings settings,
        string secret, Destination destination = Destination.CustomersAndOrganizations, DeactivationPolicy policy = DeactivationPolicy.Ignore,
        Func<FieldMapping, FieldMapping>? mapping = null, int safetyStopPercent = 10, SiteProduct product = SiteProduct.Jira) =>
        world.InTenantAsync(site, async services =>
        {
            var db = services.GetRequiredService<ConnectorDb>();
            var protector = services.GetRequiredService<SecretProtector>();
            var admin = world.Site(site).Admin;
            // A Forge site's app reaches CSM itself: it gets no stored credential.
            if ((product == SiteProduct.Confluence || world.Site(site).Forge.InstallationId is null) && !await db.Set<CsmAccess>().AnyAsync())
                db.Add(new CsmAccess { Email = admin.Email, TokenProtected = protector.Protect(admin.ApiToken), Status = CsmAccessStatus.Connected, UpdatedByName = admin.DisplayName });
            var source = new ExternalSource
            {
                Name = $"{type} {Guid.NewGuid():N}", Type = type, Status = SourceStatus.Connected, Settings = settings,
                SecretProtected = protector.Protect(secret), LastUpdatedByAccountId = admin.AccountId, LastUpdatedByName = admin.DisplayName,
            };
            db.Add(source);
            var defaults = DefaultMappings.For(source, []);
            var connection = new Connection
            {
                Name = $"From {type} {Guid.NewGuid():N}", SourceId = source.Id, Destination = destination, DeactivationPolicy = policy,
                SafetyStopPercent = safetyStopPercent, Mapping = mapping?.Invoke(defaults) ?? defaults,
            };
            db.Add(connection);
            await db.SaveChangesAsync();
            return connection;
        }, product);

    public static Task<IReadOnlyList<BuildLine>> BuildAsync<TWorld>(this ConnectWorld<TWorld> world, string site, Guid connectionId,
        SiteProduct product = SiteProduct.Jira) =>
        world.InTenantAsync(site, async services =>
        {
            var tenant = services.GetRequiredService<TenantContext>().RequiredTenant;
            var destination = await services.GetRequiredService<CsmDestinations>().RequireAsync(tenant, default);
            var connection = await services.GetRequiredService<ConnectionStore>().FindAsync(connectionId, default);
            return await services.GetRequiredService<FieldBuilder>().BuildAsync(destination, connection!, default);
        }, product);

    public static Task<StartOutcome> StartRunAsync<TWorld>(this ConnectWorld<TWorld> world, string site, Guid connectionId, RunKind kind,
        SiteProduct product = SiteProduct.Jira) =>
        world.InTenantAsync(site, async services =>
        {
            var connection = await services.GetRequiredService<ConnectionStore>().FindAsync(connectionId, default);
            return await services.GetRequiredService<ImportRuns>().StartAsync(connection!, kind, RunTrigger.User, world.Site(site).Admin.AccountId, default);
        }, product);

    /// <summary>Starts a run as the site's admin and waits (bounded) for it to end.</summary>
    public static async Task<ImportRun> RunToEndAsync<TWorld>(this ConnectWorld<TWorld> world, string site, Guid connectionId, RunKind kind) =>
        await world.WaitForRunAsync((await world.StartRunAsync(site, connectionId, kind)).Run.Id);

    /// <summary>Waits (bounded) for the scheduler to finish a run, and returns it.</summary>
    public static async Task<ImportRun> WaitForRunAsync<TWorld>(this ConnectWorld<TWorld> world, Guid runId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var run = await world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == runId));
            if (!run.IsActive) return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Run {runId} still {run.Status} after {run.RecordsRead} records.");
            await Task.Delay(100);
        }
    }
}
