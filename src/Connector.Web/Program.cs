using Connector.Web;
using Connector.Web.Platform;

if (args is [HealthProbe.Argument]) return await HealthProbe.RunAsync();

var app = ConnectorApp.Create(args);
await app.RunAsync();
return 0;

/// <summary>Exposed so tests and tools can refer to the app's assembly.</summary>
public partial class Program;
