using System.Diagnostics;
using System.Reflection;

namespace Vibe.Bench.Workspaces;

/// <summary>
/// Wraps any interface and times each call that returns a task, until the task completes, into a <see cref="CallProfile"/>.
/// A proxy rather than a hand-written decorator, so the benchmark keeps building when the interface gains members.
/// </summary>
public class ProfilingProxy<T> : DispatchProxy
    where T : class
{
    private T _inner = null!;
    private CallProfile _profile = null!;
    private string _prefix = "";

    internal static T Wrap(T inner, CallProfile profile, string prefix)
    {
        var proxy = Create<T, ProfilingProxy<T>>();
        var profiling = (ProfilingProxy<T>)(object)proxy;
        profiling._inner = inner;
        profiling._profile = profile;
        profiling._prefix = prefix;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var started = Stopwatch.GetTimestamp();
        object? result;
        try
        {
            result = targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }

        if (result is Task task)
        {
            var name = $"{_prefix}.{targetMethod.Name}";
            task.ContinueWith(
                _ => _profile.Record(name, Stopwatch.GetElapsedTime(started)),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return result;
    }
}
