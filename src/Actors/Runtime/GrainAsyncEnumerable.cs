using Vibe.Actors.Invocation;

namespace Vibe.Actors.Runtime;

/// <summary>
/// The caller's side of a grain method returning <see cref="IAsyncEnumerable{T}"/>: the grain's enumerator
/// lives in the activation and is advanced there, a batch per request, so its code runs as grain turns.
/// </summary>
internal sealed class GrainAsyncEnumerable<TItem>(SiloRuntime silo, GrainReference target, AsyncEnumerableRequest<TItem> request) : IAsyncEnumerable<TItem>
{
    private int _enumerated;

    public IAsyncEnumerator<TItem> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException($"The result of {request.InterfaceName}.{request.MethodName} can be enumerated once; call the grain again for a new enumeration.");
        }

        return new Enumerator(silo, target, request, cancellationToken);
    }

    private sealed class Enumerator(SiloRuntime silo, GrainReference target, AsyncEnumerableRequest<TItem> request, CancellationToken cancellationToken) : IAsyncEnumerator<TItem>
    {
        private readonly Queue<TItem> _buffer = new();
        private EnumeratorState<TItem>? _state;
        private bool _finished;

        public TItem Current { get; private set; } = default!;

        public async ValueTask<bool> MoveNextAsync()
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_state is null)
            {
                await silo.InvokeAsync(target, request);
                _state = new EnumeratorState<TItem>(request.Enumerable!, cancellationToken);
            }

            while (_buffer.Count == 0 && !_finished)
            {
                var batch = new BatchRequest(_state, request);
                silo.SendLocal(target, batch);
                await batch.AsValueTask().AsTask().WaitAsync(cancellationToken);
                foreach (var item in batch.Items)
                {
                    _buffer.Enqueue(item);
                }

                _finished = batch.Finished;
            }

            if (_buffer.Count == 0)
            {
                return false;
            }

            Current = _buffer.Dequeue();
            return true;
        }

        public async ValueTask DisposeAsync()
        {
            if (_state is null)
            {
                return;
            }

            var dispose = new DisposeRequest(_state);
            silo.SendLocal(target, dispose);
            try
            {
                await dispose.AsValueTask();
            }
            catch (ActorRuntimeException)
            {
                // The activation is gone, and its enumerator with it.
            }
        }
    }

    private sealed class BatchRequest(EnumeratorState<TItem> state, Request origin) : LocalRequest
    {
        public override string MethodName => origin.MethodName;

        public override InvokeFlags Flags => origin.Flags;

        internal override bool IsBoundToActivation => true;

        public List<TItem> Items { get; } = [];

        public bool Finished { get; private set; }

        protected override async ValueTask InvokeCore(object target) => Finished = await state.FillAsync(Items);
    }

    private sealed class DisposeRequest(EnumeratorState<TItem> state) : LocalRequest
    {
        public override string MethodName => "dispose enumerator";

        internal override bool IsBoundToActivation => true;

        protected override ValueTask InvokeCore(object target) => state.DisposeAsync();
    }
}
