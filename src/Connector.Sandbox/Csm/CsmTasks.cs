using System.Collections.Concurrent;

namespace Connector.Sandbox.Csm;

/// <summary>
/// CSM's asynchronous bulk tasks: at most five open per site (the sixth request is refused with
/// "Maximum number of tasks reached"), an Idempotency-Key replays the same task for the same body and
/// is refused for a different one. Work is applied at once; the task reports IN_PROGRESS until its
/// duration has passed, as the real service does while it works.
/// </summary>
public sealed class CsmTasks
{
    public const int MaxOpenTasks = 5;
    readonly Lock gate = new();
    readonly ConcurrentDictionary<string, CsmTask> tasks = new();
    readonly Dictionary<string, (string BodyHash, string TaskId)> byIdempotencyKey = new();

    public TimeSpan Duration { get; set; } = TimeSpan.FromMilliseconds(150);

    public (CsmTask? Task, string? Problem) Start(string type, string idempotencyKey, string bodyHash, Func<List<TaskFailure>> work)
    {
        lock (gate)
        {
            if (byIdempotencyKey.TryGetValue(idempotencyKey, out var earlier))
                return earlier.BodyHash == bodyHash ? (tasks[earlier.TaskId], null) : (null, "The Idempotency-Key was already used for a different request.");
            var now = DateTimeOffset.UtcNow;
            if (tasks.Values.Count(t => t.Status(now) is "NOT_STARTED" or "IN_PROGRESS") >= MaxOpenTasks)
                return (null, "Maximum number of tasks reached");
            var task = new CsmTask(Guid.NewGuid().ToString(), type, now, now + Duration, work());
            tasks[task.Id] = task;
            byIdempotencyKey[idempotencyKey] = (bodyHash, task.Id);
            return (task, null);
        }
    }

    public CsmTask? Find(string id) => tasks.GetValueOrDefault(id);
}

public sealed record CsmTask(string Id, string Type, DateTimeOffset CreatedAt, DateTimeOffset FinishesAt, List<TaskFailure> Failures)
{
    public string Status(DateTimeOffset now) => now < FinishesAt ? "IN_PROGRESS" : "FINISHED";
}

public sealed record TaskFailure(string Entity, string? EntityId, string Operation, string OperatedOn, string[] OperatedOnIds, string Error);
