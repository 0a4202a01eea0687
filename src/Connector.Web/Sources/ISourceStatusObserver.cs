namespace Connector.Web.Sources;

/// <summary>A source was checked (saved, edited or rechecked): its status now, and whether its key expires soon.</summary>
public sealed record SourceStatusNews(ExternalSource Source, bool ExpiresSoon);

/// <summary>Reacts to a source's checks from a layer above (Notify Me tells the admins); Sources never calls upward.</summary>
public interface ISourceStatusObserver
{
    Task CheckedAsync(SourceStatusNews news, CancellationToken cancellationToken);
}
