namespace Vibe.Actors.Runtime;

/// <summary>Stands for an activation's own lifecycle code (OnActivateAsync, OnDeactivateAsync) as the current request.</summary>
internal sealed class LifecycleRequest : LocalRequest
{
    public LifecycleRequest(GrainId grainId) => Target = grainId;

    public override string MethodName => "lifecycle";

    protected override ValueTask InvokeCore(object target) => default;
}
