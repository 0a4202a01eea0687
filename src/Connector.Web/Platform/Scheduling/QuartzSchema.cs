namespace Connector.Web.Platform.Scheduling;

/// <summary>
/// Quartz's job-store tables, created from the PostgreSQL script Quartz itself embeds (so the schema
/// always matches the Quartz version we run), applied as one of our numbered migrations under our lock.
/// Upgrading Quartz to a release that adds columns needs a new migration with Quartz's upgrade script.
/// </summary>
static class QuartzSchema
{
    public const string TablePrefix = "qrtz_";

    public static string Sql()
    {
        const string resource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";
        using var stream = typeof(Quartz.IJob).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not in the Quartz assembly.");
        var script = new StreamReader(stream).ReadToEnd();
        return script.Replace("{0}", TablePrefix).Replace("{1}", TablePrefix);
    }
}
