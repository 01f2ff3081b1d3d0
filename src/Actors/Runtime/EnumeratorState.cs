namespace Vibe.Actors.Runtime;

/// <summary>A grain's enumerator as the activation keeps it between batches.</summary>
internal sealed class EnumeratorState<TItem>(IAsyncEnumerable<TItem> source, CancellationToken cancellationToken)
{
    private const int MaxBatch = 128;
    private IAsyncEnumerator<TItem>? _enumerator;
    private ValueTask<bool>? _pendingMove;

    /// <summary>Adds available items (at least one unless the sequence ends) and returns whether the sequence ended.</summary>
    public async ValueTask<bool> FillAsync(List<TItem> items)
    {
        _enumerator ??= source.GetAsyncEnumerator(cancellationToken);
        while (items.Count < MaxBatch)
        {
            var move = _pendingMove ?? _enumerator.MoveNextAsync();
            _pendingMove = null;
            if (!move.IsCompleted && items.Count > 0)
            {
                _pendingMove = move; // hand over what we have; the next batch waits for this item
                return false;
            }

            if (!await move)
            {
                return true;
            }

            items.Add(_enumerator.Current);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_enumerator is null)
        {
            return;
        }

        if (_pendingMove is { } pending)
        {
            _pendingMove = null;
            try
            {
                await pending;
            }
            catch (OperationCanceledException)
            {
                // Cancelled with the enumeration.
            }
        }

        await _enumerator.DisposeAsync();
    }
}
