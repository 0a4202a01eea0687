namespace Connector.Web.Sources;

/// <summary>A source stopped answering in the middle of a read; the message is for the admin.</summary>
public class SourceReadException(string message) : Exception(message);
