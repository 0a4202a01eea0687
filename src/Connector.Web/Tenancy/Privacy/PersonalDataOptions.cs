namespace Connector.Web.Tenancy.Privacy;

/// <summary>The "PersonalData" configuration section.</summary>
public sealed class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>How often each account is reported: Atlassian's default cycle, and no more often than it asks.</summary>
    public TimeSpan Cycle { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Atlassian accepts at most 90 accounts per request.</summary>
    public int BatchSize { get; set; } = 90;
}
