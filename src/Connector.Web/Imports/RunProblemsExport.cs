using System.Text;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Text;
using Connector.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Imports;

/// <summary>
/// A run's problems as a spreadsheet, in words: failed records first, then skipped ones, then the run's other
/// warnings, so the Failed and Skipped rows count exactly what the run's counters say.
/// </summary>
public sealed class RunProblemsExport(ConnectorDb db, TenantContext tenantContext)
{
    public async Task WriteAsync(ImportRun run, HttpResponse response, CancellationToken cancellationToken)
    {
        var zone = TenantClock.ZoneOf(tenantContext.RequiredTenant);
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"import-problems-{run.QueuedAt:yyyyMMdd-HHmm}.csv\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(true));
        await writer.WriteAsync($"Outcome,Record,What happened,Time ({zone.Id})\r\n");
        foreach (var group in new[] { new[] { EventKind.RecordFailed }, [EventKind.RecordSkipped], Others })
            await foreach (var problem in db.Set<ImportEvent>().Where(e => e.RunId == run.Id && e.Level != EventLevel.Info && group.Contains(e.Kind))
                               .OrderBy(e => e.Id).AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
                await writer.WriteAsync($"{Outcome(problem.Kind)},{CsvCell.Of(problem.RecordKey)},{CsvCell.Of(problem.Message)},{TimeZoneInfo.ConvertTime(problem.OccurredAt, zone):yyyy-MM-dd HH:mm:ss}\r\n");
    }

    /// <summary>What a Preview changes run found, record by record, as a spreadsheet: created, changed, deactivated, and problems.</summary>
    public async Task WriteChangesAsync(ImportRun run, HttpResponse response, CancellationToken cancellationToken)
    {
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"preview-changes-{run.QueuedAt:yyyyMMdd-HHmm}.csv\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(true));
        await writer.WriteAsync("Change,Record,What would happen\r\n");
        await foreach (var change in db.Set<ImportEvent>().Where(e => e.RunId == run.Id && e.Kind != EventKind.Retry && e.Kind != EventKind.Finished)
                           .OrderBy(e => e.Id).AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
            await writer.WriteAsync($"{Change(change.Kind)},{CsvCell.Of(change.RecordKey)},{CsvCell.Of(change.Message)}\r\n");
    }

    static string Change(EventKind kind) => kind switch
    {
        EventKind.RecordCreated => "Create",
        EventKind.RecordUpdated => "Update",
        EventKind.Deactivated => "Deactivate",
        EventKind.RecordFailed => "Would fail",
        EventKind.RecordSkipped => "Skip",
        _ => "Note",
    };

    static readonly EventKind[] Others = Enum.GetValues<EventKind>().Except([EventKind.RecordFailed, EventKind.RecordSkipped, EventKind.Retry]).ToArray();

    static string Outcome(EventKind kind) => kind switch
    {
        EventKind.RecordFailed => "Failed",
        EventKind.RecordSkipped => "Skipped",
        EventKind.MembershipFailed => "Not added to its organization",
        EventKind.DeactivationFailed => "Not deactivated",
        EventKind.Stopped => "Run stopped",
        _ => "Warning",
    };
}
