using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Vibe.Actors.CodeGen;

/// <summary>A source location held as plain values, because a <see cref="Location"/> would pin the syntax tree in the incremental cache.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);

    public static LocationInfo? From(Location? location) =>
        location is null || !location.IsInSource
            ? null
            : new LocationInfo(location.SourceTree!.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}
