using Connector.Sandbox;

var app = SandboxApp.Create(args);
await app.RunAsync();
