using Microsoft.AspNetCore.SignalR;
using Vibe.WebFront.Accounts;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// The workspace hub connections open on this web silo, by user, so that a revoked user's can be closed
/// (<see cref="Close"/>, called by <see cref="SessionRevocations"/>). Its filter also refuses, and closes, a connection whose
/// token no longer stands (<see cref="AccountStatusCache.IsCurrentAsync"/>: the account was disabled or its password changed)
/// at its next call.
/// </summary>
internal sealed class HubSessions
{
    /// <summary>What a refused call of a closed session answers.</summary>
    public const string EndedMessage = "your session has ended (the account was disabled or its password changed): sign in again";

    private readonly Dictionary<Guid, HashSet<HubCallerContext>> _byUser = [];

    /// <summary>The open connections of <paramref name="userId"/> on this web silo.</summary>
    public int CountOf(Guid userId)
    {
        lock (_byUser)
        {
            return _byUser.TryGetValue(userId, out var connections) ? connections.Count : 0;
        }
    }

    /// <summary>Closes every connection of <paramref name="userId"/> on this web silo; each leaves its groups as it disconnects.</summary>
    public void Close(Guid userId)
    {
        HubCallerContext[] connections;
        lock (_byUser)
        {
            if (!_byUser.Remove(userId, out var set))
            {
                return;
            }

            connections = [.. set];
        }

        foreach (var connection in connections)
        {
            connection.Abort();
        }
    }

    private void Add(Guid userId, HubCallerContext connection)
    {
        lock (_byUser)
        {
            if (!_byUser.TryGetValue(userId, out var set))
            {
                _byUser[userId] = set = [];
            }

            set.Add(connection);
        }
    }

    private void Remove(Guid userId, HubCallerContext connection)
    {
        lock (_byUser)
        {
            if (_byUser.TryGetValue(userId, out var set) && set.Remove(connection) && set.Count == 0)
            {
                _byUser.Remove(userId);
            }
        }
    }

    /// <summary>Registers each connection of the hub by its user and checks, at every call, that the user's token still stands.</summary>
    internal sealed class Filter(HubSessions sessions, AccountStatusCache status) : IHubFilter
    {
        public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(next);
            sessions.Add(context.Context.User!.GetUserId(), context.Context);
            await next(context);
        }

        public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(next);
            sessions.Remove(context.Context.User!.GetUserId(), context.Context);
            await next(context, exception);
        }

        public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
        {
            ArgumentNullException.ThrowIfNull(invocationContext);
            ArgumentNullException.ThrowIfNull(next);
            var connection = invocationContext.Context;
            if (!await status.IsCurrentAsync(connection.User!, connection.ConnectionAborted))
            {
                connection.Abort();
                throw new HubException(EndedMessage);
            }

            return await next(invocationContext);
        }
    }
}
