using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Http;
using Connector.Web.Tenancy.Product;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace Connector.Web.Tenancy.Privacy;

/// <summary>
/// Atlassian's personal data reporting, for every installed tenant: the account ids the app holds, each once per
/// cycle, 90 to a request, in the tenant's own context (Connect JWT or Forge system token); accounts reported closed
/// are erased everywhere, updated ones refreshed. A 429 or an unreachable site stops that tenant until the next run;
/// what was already reported stays reported.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PersonalDataReport(IServiceScopeFactory scopes, IOptions<PersonalDataOptions> options, TimeProvider time,
    ILogger<PersonalDataReport> logger) : IJob
{
    public static readonly JobKey Key = new("personal-data-report");

    public async Task<ReportOutcome> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        List<Guid> tenants;
        await using (var scope = scopes.CreateAsyncScope())
            tenants = (await scope.ServiceProvider.GetRequiredService<TenantStore>().InstalledAsync(cancellationToken)).Select(t => t.Id).ToList();
        var total = new ReportOutcome(0, 0, 0);
        foreach (var tenantId in tenants)
        {
            try
            {
                total += await ReportTenantAsync(tenantId, now, cancellationToken);
            }
            catch (Exception e) when (e is ProductUnavailableException or ProductAccessLapsedException || OutgoingCall.IsUnanswered(e))
            {
                logger.LogWarning(e, "Personal data report for tenant {TenantId} did not complete; it resumes on the next run", tenantId);
            }
        }
        return total;
    }

    async Task<ReportOutcome> ReportTenantAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var tenant = await services.GetRequiredService<TenantStore>().FindInstalledAsync(tenantId, cancellationToken);
        if (tenant is null) return new ReportOutcome(0, 0, 0);
        services.GetRequiredService<TenantContext>().Establish(tenant, accountId: null);
        var db = services.GetRequiredService<ConnectorDb>();
        var holders = services.GetServices<IPersonalDataHolder>().ToList();
        var due = await DueAsync(db, holders, now, cancellationToken);
        var outcome = new ReportOutcome(0, 0, 0);
        foreach (var batch in due.Chunk(options.Value.BatchSize))
        {
            var answer = await SendAsync(services.GetRequiredService<ProductClient>(), tenant, batch, cancellationToken);
            if (answer is null) break;
            foreach (var account in answer)
            {
                if (account.Status == "closed") foreach (var holder in holders) await holder.EraseAsync(account.AccountId, cancellationToken);
                else if (account.Status == "updated") foreach (var holder in holders) await holder.RefreshAsync(account.AccountId, cancellationToken);
            }
            await MarkReportedAsync(db, batch, answer.Where(a => a.Status == "closed").Select(a => a.AccountId).ToHashSet(), now, cancellationToken);
            outcome += new ReportOutcome(batch.Length, answer.Count(a => a.Status == "closed"), answer.Count(a => a.Status == "updated"));
        }
        return outcome;
    }

    /// <summary>Accounts held now whose last report is older than the cycle (or that were never reported).</summary>
    async Task<List<HeldAccount>> DueAsync(ConnectorDb db, List<IPersonalDataHolder> holders, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = new Dictionary<string, DateTimeOffset>();
        foreach (var holder in holders)
            foreach (var account in await holder.HeldAsync(cancellationToken))
                if (!held.TryGetValue(account.AccountId, out var at) || account.UpdatedAt > at) held[account.AccountId] = account.UpdatedAt;
        var since = now - options.Value.Cycle;
        var recent = (await db.Set<ReportedAccount>().Where(r => r.ReportedAt > since).Select(r => r.AccountId).ToListAsync(cancellationToken)).ToHashSet();
        return held.Where(h => !recent.Contains(h.Key)).Select(h => new HeldAccount(h.Key, h.Value)).OrderBy(h => h.AccountId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Atlassian's answer: the accounts that need action (none on 204); null when Atlassian asks us to come back later.</summary>
    async Task<List<AccountStatus>?> SendAsync(ProductClient product, Tenant tenant, HeldAccount[] batch, CancellationToken cancellationToken)
    {
        var body = new { accounts = batch.Select(a => new { accountId = a.AccountId, updatedAt = a.UpdatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ") }) };
        using var response = await product.SendToPlatformAsync(tenant, HttpMethod.Post, "app/report-accounts/", body, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NoContent) return [];
        if (response.IsSuccessStatusCode)
            return (await response.Content.ReadFromJsonAsync<ReportAnswer>(cancellationToken))?.Accounts ?? [];
        logger.LogWarning("Personal data report for tenant {TenantId} answered {Status} (Retry-After {RetryAfter}); it resumes on the next run",
            tenant.Id, (int)response.StatusCode, response.Headers.RetryAfter?.ToString());
        return null;
    }

    /// <summary>One statement for the batch's reported accounts, one for its closed ones.</summary>
    async Task MarkReportedAsync(ConnectorDb db, HeldAccount[] batch, HashSet<string> closed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tenantId = db.TenantForSql;
        var reported = batch.Select(a => a.AccountId).Where(id => !closed.Contains(id)).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            insert into personal_data_reports (tenant_id, account_id, reported_at)
            select {tenantId}, account_id, {now} from unnest({reported}::text[]) as reported(account_id)
            on conflict (tenant_id, account_id) do update set reported_at = excluded.reported_at
            """, cancellationToken);
        // A closed account is erased: keeping its id in this table would keep what we just erased.
        if (closed.Count > 0)
            await db.Database.ExecuteSqlAsync($"delete from personal_data_reports where tenant_id = {tenantId} and account_id = any({closed.ToArray()})", cancellationToken);
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await RunOnceAsync(time.GetUtcNow(), cancellationToken);

    sealed record ReportAnswer([property: JsonPropertyName("accounts")] List<AccountStatus>? Accounts);

    sealed record AccountStatus([property: JsonPropertyName("accountId")] string AccountId, [property: JsonPropertyName("status")] string Status);
}

/// <summary>How many accounts one run reported, and how many Atlassian said were closed or updated.</summary>
public readonly record struct ReportOutcome(int Reported, int Closed, int Updated)
{
    public static ReportOutcome operator +(ReportOutcome a, ReportOutcome b) => new(a.Reported + b.Reported, a.Closed + b.Closed, a.Updated + b.Updated);
}
