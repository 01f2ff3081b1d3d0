using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Errors;

namespace Vibe.Grains.Documents;

/// <summary>Presence: each client's cursors, in memory only, pushed to the document's watchers.</summary>
internal sealed partial class DocumentGrain
{
    private const int MaxRanges = 100;
    private const int MaxNameLength = 256;

    private readonly Dictionary<string, (DocumentPresence Presence, DateTimeOffset SeenAt)> _presence = new(StringComparer.Ordinal);

    public Task SetPresence(DocumentPresence presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        if (string.IsNullOrEmpty(presence.ClientId) || presence.ClientId.Length > MaxClientIdLength)
        {
            throw new InvalidRequestException($"A presence needs a client id of 1 to {MaxClientIdLength} characters.");
        }

        if ((presence.Name?.Length ?? 0) > MaxNameLength || (presence.Color?.Length ?? 0) > MaxNameLength || (presence.UserId?.Length ?? 0) > MaxNameLength)
        {
            throw new InvalidRequestException($"A presence's user id, name and colour are at most {MaxNameLength} characters.");
        }

        var ranges = presence.Ranges ?? [];
        if (ranges.Count > MaxRanges)
        {
            throw new InvalidRequestException($"A presence has at most {MaxRanges} selection ranges (it has {ranges.Count}).");
        }

        foreach (var range in ranges)
        {
            if (range is null || range.Anchor < 0 || range.Head < 0)
            {
                throw new InvalidRequestException("Selection ranges are non-negative UTF-16 offsets.");
            }
        }

        Touch();
        return SetPresenceCoreAsync(presence with { Ranges = ranges });
    }

    public Task<IReadOnlyList<DocumentPresence>> GetPresence()
    {
        Touch();
        DropStalePresence();
        var list = new List<DocumentPresence>(_presence.Count);
        foreach (var (presence, _) in _presence.Values)
        {
            list.Add(presence);
        }

        return Task.FromResult<IReadOnlyList<DocumentPresence>>(list);
    }

    private Task SetPresenceCoreAsync(DocumentPresence presence)
    {
        presence = presence with { DocumentKey = Key };
        if (presence.Left)
        {
            if (!_presence.Remove(presence.ClientId))
            {
                return Task.CompletedTask;
            }
        }
        else
        {
            _presence[presence.ClientId] = (presence, DateTimeOffset.UtcNow);
        }

        return PublishPresenceAsync(presence);
    }

    /// <summary>Forgets clients that have not refreshed their presence for <see cref="DocumentOptions.PresenceTimeout"/> (they vanished without leaving).</summary>
    private void DropStalePresence()
    {
        if (_presence.Count == 0)
        {
            return;
        }

        var cutoff = DateTimeOffset.UtcNow - _options.PresenceTimeout;
        List<DocumentPresence>? stale = null;
        foreach (var (presence, seenAt) in _presence.Values)
        {
            if (seenAt < cutoff)
            {
                (stale ??= []).Add(presence);
            }
        }

        foreach (var presence in stale ?? [])
        {
            _presence.Remove(presence.ClientId);
            _ = PublishPresenceAsync(presence with { Left = true });
        }
    }

    /// <summary>Tells everyone that every client left (the document closed).</summary>
    private async Task ClearPresenceAsync()
    {
        var all = _presence.Values.Select(p => p.Presence).ToList();
        _presence.Clear();
        foreach (var presence in all)
        {
            await PublishPresenceAsync(presence with { Left = true });
        }
    }
}
