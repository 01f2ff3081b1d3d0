using System.Threading.Channels;

namespace Vibe.Grains.Workspaces;

/// <summary>Progress reports written to a channel, for a grain to read on its own scheduler.</summary>
internal sealed class ChannelProgress<T>(ChannelWriter<T> writer) : IProgress<T>
{
    public void Report(T value) => writer.TryWrite(value);
}
