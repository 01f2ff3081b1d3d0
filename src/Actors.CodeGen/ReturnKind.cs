namespace Vibe.Actors.CodeGen;

/// <summary>The shapes of return type a grain method may have; each maps to one request base class.</summary>
internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
    AsyncEnumerable,
}
