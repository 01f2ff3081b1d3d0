namespace Vibe.WebFront.Preview;

/// <summary>Where to open a port's preview. Both addresses carry a token for the caller, valid until <paramref name="ExpiresAt"/>.</summary>
/// <param name="Url">On the preview's own origin, <c>{port}-{workspace}.{domain}</c>: the app sees itself at <c>/</c>.</param>
/// <param name="PathUrl">Under <c>/preview/{workspace}/{port}/</c> on the app's host, where a wildcard host name cannot be had.</param>
/// <param name="Public">Anyone may open the addresses without their token.</param>
public sealed record PreviewLink(int Port, string Url, string PathUrl, DateTimeOffset ExpiresAt, bool Public);
