namespace Vibe.Hosting;

/// <summary>Whether the silo takes work: "starting" until every hosted service (the silo included) has started, "ready", then "stopping".</summary>
internal sealed class SiloReadiness
{
    public const string Starting = "starting";
    public const string Ready = "ready";
    public const string Stopping = "stopping";

    private string _status = Starting;

    public string Status => Volatile.Read(ref _status);

    public bool IsReady => Status == Ready;

    public void MarkStarted() => Interlocked.CompareExchange(ref _status, Ready, Starting);

    public void MarkStopping() => Volatile.Write(ref _status, Stopping);
}
