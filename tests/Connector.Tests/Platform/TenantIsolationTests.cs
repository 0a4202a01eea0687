using System.Text;
using Connector.Tests.Infrastructure;
using Connector.Web.Csm;
using Connector.Web.Imports;
using Connector.Web.Platform.Database;
using Connector.Web.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Platform;

/// <summary>
/// The tenant filter is applied once, in ConnectorDb, to every query: LINQ, bulk updates and raw SQL read
/// through FromSql. Another tenant's ids, however well guessed, reach nothing.
/// </summary>
public sealed class TenantIsolationTests(ConnectWorld<TenantIsolationTests> world) : IClassFixture<ConnectWorld<TenantIsolationTests>>
{
    [Fact]
    public async Task A_raw_sql_read_through_the_context_sees_only_the_current_tenants_rows()
    {
        var acmeConnection = await RecordImportedAsync("acme", "ada@acme.example");
        await RecordImportedAsync("globex", "grace@globex.example");

        var seenByGlobex = await world.InTenantAsync("globex", services => services.GetRequiredService<ConnectorDb>().Set<ImportedRecord>()
            .FromSql($"select * from imported_records").Select(r => r.IdentityKey).ToListAsync());
        var seenWithAcmesIdByGlobex = await world.InTenantAsync("globex", services => services.GetRequiredService<ConnectorDb>().Set<ImportedRecord>()
            .FromSql($"select * from imported_records where connection_id = {acmeConnection}").CountAsync());

        Assert.Contains("grace@globex.example", seenByGlobex);
        Assert.All(seenByGlobex, key => Assert.EndsWith("@globex.example", key));
        Assert.Equal(0, seenWithAcmesIdByGlobex);
    }

    [Fact]
    public async Task A_run_ledger_asked_for_another_tenants_connection_knows_nothing_and_changes_nothing()
    {
        var acmeConnection = await RecordImportedAsync("acme", "alan@acme.example");

        var known = await world.InTenantAsync("globex", services => services.GetRequiredService<RunLedger>()
            .KnownAsync(acmeConnection, [new RecordKey(CsmEntity.Customer, "alan@acme.example")], default));
        await world.InTenantAsync("globex", async services =>
        {
            await services.GetRequiredService<RunLedger>().MarkDeactivatedAsync(acmeConnection, ["alan@acme.example"], default);
            return true;
        });

        Assert.Empty(known);
        Assert.False(await world.WithDbAsync(db => db.Set<ImportedRecord>().IgnoreQueryFilters().Where(r => r.IdentityKey == "alan@acme.example").Select(r => r.Deactivated).SingleAsync()));
    }

    [Fact]
    public async Task An_uploaded_file_cannot_be_read_or_deleted_from_another_tenant()
    {
        var fileId = await world.InTenantAsync("acme", services => services.GetRequiredService<SourceFileStore>()
            .SaveAsync("people.csv", new MemoryStream(Encoding.UTF8.GetBytes("email\nada@acme.example\n")), 1_000, default));

        var readByGlobex = await world.InTenantAsync("globex", async services =>
        {
            await using var stream = services.GetRequiredService<SourceFileStore>().OpenRead(fileId);
            return await new StreamReader(stream).ReadToEndAsync();
        });
        await world.InTenantAsync("globex", async services =>
        {
            await services.GetRequiredService<SourceFileStore>().DeleteAsync(fileId, default);
            return true;
        });
        var readByAcme = await world.InTenantAsync("acme", async services =>
        {
            await using var stream = services.GetRequiredService<SourceFileStore>().OpenRead(fileId);
            return await new StreamReader(stream).ReadToEndAsync();
        });

        Assert.Equal("", readByGlobex);
        Assert.Equal("email\nada@acme.example\n", readByAcme);
    }

    async Task<Guid> RecordImportedAsync(string site, string email)
    {
        var connection = await world.ConnectionFromJiraAsync(site, site);
        return await world.InTenantAsync(site, async services =>
        {
            var db = services.GetRequiredService<ConnectorDb>();
            db.Add(new ImportedRecord
            {
                ConnectionId = connection.Id, Entity = CsmEntity.Customer, IdentityKey = email, CsmId = "csm-" + email, ContentHash = "h",
                LastSeenRunId = Guid.NewGuid(),
            });
            await db.SaveChangesAsync();
            return connection.Id;
        });
    }
}
