namespace Vibe.WebFront.Hubs;

/// <summary>The hub groups one connection has joined; closed once the connection is gone, after which it joins nothing.</summary>
internal sealed class ConnectionGroups
{
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);
    private bool _closed;

    public bool IsClosed
    {
        get
        {
            lock (_groups)
            {
                return _closed;
            }
        }
    }

    /// <summary>Records a join; false if the connection is in the group already or is gone.</summary>
    public bool TryAdd(string group)
    {
        lock (_groups)
        {
            return !_closed && _groups.Add(group);
        }
    }

    public bool Remove(string group)
    {
        lock (_groups)
        {
            return _groups.Remove(group);
        }
    }

    /// <summary>Marks the connection gone and returns the groups it was in.</summary>
    public string[] Close()
    {
        lock (_groups)
        {
            _closed = true;
            var groups = _groups.ToArray();
            _groups.Clear();
            return groups;
        }
    }
}
