namespace Connector.Web.Pages.Shared;

/// <summary>
/// A row's Delete, asked in a modal dialog on the list itself (the delete page stays as the no-script way).
/// BlockedBy, when set, says why it cannot be deleted yet, and the dialog offers only Close.
/// </summary>
public sealed record DeleteDialog(string Id, string Name, string What, string Action, string? BlockedBy = null);
