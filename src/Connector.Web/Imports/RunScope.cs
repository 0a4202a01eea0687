using Connector.Web.Connections;
using Connector.Web.Csm;

namespace Connector.Web.Imports;

/// <summary>What every page of one run shares: the run, its connection, the way into CSM, and the site's organizations.</summary>
public sealed class RunScope(ImportRun run, Connection connection, CsmDestination destination, Dictionary<string, string>? organizationsByName)
{
    public ImportRun Run { get; } = run;
    public Connection Connection { get; } = connection;
    public CsmDestination Destination { get; } = destination;

    /// <summary>The site's organizations by name (case-insensitive), kept current as the run creates more; null when the mapping names none.</summary>
    public Dictionary<string, string>? Organizations { get; } = organizationsByName;

    /// <summary>An organization's name for the log (admins know organizations by name, not by id).</summary>
    public string OrganizationName(string organizationId) =>
        Organizations?.FirstOrDefault(o => o.Value == organizationId).Key ?? organizationId;
}
