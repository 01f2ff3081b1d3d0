using System.Globalization;
using Vibe.Grains.Workspaces;

namespace Vibe.WebFront.Preview;

/// <summary>
/// Which workspace port a request is for: the host form <c>{port}-{workspace}.{domain}</c>, where the app sees itself at
/// <c>/</c>, or the path form <c>/preview/{workspace}/{port}/...</c> on the app's own host.
/// </summary>
/// <param name="PathBase">What the path form's prefix is (empty for the host form); <paramref name="Path"/> is what follows it.</param>
internal sealed record PreviewAddress(string WorkspaceId, int Port, PathString PathBase, PathString Path)
{
    public const string PathPrefix = "/preview";

    public bool IsHostForm => !PathBase.HasValue;

    public static bool TryParse(HostString host, PathString path, string domain, out PreviewAddress? address)
    {
        address = null;
        var name = host.Host;
        if (name.Length > domain.Length + 1
            && name.EndsWith(domain, StringComparison.OrdinalIgnoreCase)
            && name[^(domain.Length + 1)] == '.')
        {
            var label = name[..^(domain.Length + 1)];
            var dash = label.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && TryReadPort(label[..dash], out var port) && WorkspaceIds.IsValid(label[(dash + 1)..]))
            {
                address = new PreviewAddress(label[(dash + 1)..], port, PathString.Empty, path.HasValue ? path : "/");
            }

            return address is not null;
        }

        // /preview/{workspace}/{port} and what follows.
        if (!path.StartsWithSegments(PathPrefix, StringComparison.Ordinal, out var rest))
        {
            return false;
        }

        var segments = rest.Value!.Split('/', 4);
        if (segments.Length < 3 || segments[0].Length != 0 || !WorkspaceIds.IsValid(segments[1]) || !TryReadPort(segments[2], out var pathPort))
        {
            return false;
        }

        var remainder = segments.Length == 4 ? "/" + segments[3] : "/";
        address = new PreviewAddress(segments[1], pathPort, $"{PathPrefix}/{segments[1]}/{segments[2]}", remainder);
        return true;
    }

    /// <summary>Whether the request is for the preview at all (the host form or the path prefix), even one malformed.</summary>
    public static bool IsPreviewRequest(HostString host, PathString path, string domain) =>
        host.Host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(PathPrefix, StringComparison.Ordinal);

    /// <summary>The address of the port's preview in the host form, on the scheme and port the request came in on.</summary>
    public static string HostFormUrl(HttpRequest request, string domain, string workspaceId, int port) =>
        $"{request.Scheme}://{port.ToString(CultureInfo.InvariantCulture)}-{workspaceId}.{domain}{(request.Host.Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "")}/";

    /// <summary>The address of the port's preview in the path form on the app's own host.</summary>
    public static string PathFormUrl(HttpRequest request, string workspaceId, int port) =>
        $"{request.Scheme}://{request.Host.ToUriComponent()}{PathPrefix}/{workspaceId}/{port.ToString(CultureInfo.InvariantCulture)}/";

    private static bool TryReadPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535 && text[0] != '0';
}
