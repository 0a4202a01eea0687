using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Connector.Web.Imports;

static class Prefetch
{
    /// <summary>
    /// Reads ahead up to <paramref name="depth"/> items on another task, so the source's next page is on its
    /// way while the current one is written. Order is kept, so checkpoints stay exact; memory stays bounded.
    /// </summary>
    public static async IAsyncEnumerable<T> Ahead<T>(this IAsyncEnumerable<T> source, int depth, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(depth) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in source.WithCancellation(stop.Token)) await channel.Writer.WriteAsync(item, stop.Token);
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken)) yield return item;
        }
        finally
        {
            await stop.CancelAsync(); // the consumer stopped early (Test run, cancel): stop reading ahead
            try { await producer; } catch (OperationCanceledException) { }
        }
    }
}
