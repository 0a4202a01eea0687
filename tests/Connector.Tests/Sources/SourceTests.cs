using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Sources;

/// <summary>What a source adapter's tests share: the adapter (from a scope of the app), the sandbox's request counts, reads to the end.</summary>
public abstract class SourceTests<TSelf>(ConnectWorld<TSelf> world, SourceType type) : IDisposable
{
    readonly IServiceScope scope = world.App.Services.CreateScope();

    protected ConnectWorld<TSelf> World => world;

    protected ISourceAdapter Adapter => scope.ServiceProvider.GetRequiredService<SourceAdapters>().For(type);

    protected RequestCounts Counts => world.Sandbox.Services.GetRequiredService<RequestCounts>();

    public void Dispose()
    {
        scope.Dispose();
        GC.SuppressFinalize(this);
    }

    protected async Task<List<SourcePage>> ReadAllAsync(SourceAccess access, string? cursor = null, int pageSize = 100)
    {
        var pages = new List<SourcePage>();
        await foreach (var page in Adapter.ReadAsync(access, cursor, pageSize, default)) pages.Add(page);
        return pages;
    }

    protected async Task<List<SourcePage>> ReadChangesAsync(SourceAccess access, string changeToken)
    {
        var pages = new List<SourcePage>();
        await foreach (var page in ((ISourceChangeReader)Adapter).ReadChangesAsync(access, changeToken, null, 100, default)) pages.Add(page);
        return pages;
    }

    /// <summary>A read of the whole source while the sandbox answers its first three calls under <paramref name="pathPrefix"/> with 429.</summary>
    protected async Task<List<SourceRecord>> ReadThrough429sAsync(string site, string pathPrefix, SourceAccess access)
    {
        await world.SetFaultsAsync(site, new FaultSettings { PathPrefix = pathPrefix, FailNext = 3, FailStatus = 429, RetryAfterSeconds = 1 });
        try
        {
            return (await ReadAllAsync(access)).SelectMany(p => p.Records).ToList();
        }
        finally
        {
            await world.ClearFaultsAsync(site);
        }
    }
}
