using Connector.Web;

var app = ConnectorApp.Create(args);
await app.RunAsync();

/// <summary>Exposed so tests and tools can refer to the app's assembly.</summary>
public partial class Program;
