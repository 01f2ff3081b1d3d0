using System.Diagnostics.CodeAnalysis;
using Vibe.WebFront.Admin;

namespace Vibe.WebFront.Agents;

/// <summary>
/// The endpoints a team's AI provider may use although they resolve to private addresses (a model server on the local
/// network): Vibe:Agent:AllowedEndpoints from configuration plus the list the installation admin keeps in the app. An
/// endpoint matches an entry with the same scheme, host and port; its path does not matter.
/// </summary>
internal sealed class AllowedEndpoints(InstallationSettings settings, IConfiguration configuration)
{
    /// <summary>The configuration key of the operator's list (';'-separated).</summary>
    public const string ConfigurationKey = "Vibe:Agent:AllowedEndpoints";

    public const int MaxEntries = 100;

    /// <summary>Whether a team may use <paramref name="endpoint"/> on a private address.</summary>
    public async Task<bool> ContainsAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var entries = Parse(configuration[ConfigurationKey]).Concat(Parse(await settings.GetAsync(InstallationSettings.AllowedAgentEndpoints, cancellationToken)));
        return entries.Any(entry => entry.Scheme == endpoint.Scheme
            && string.Equals(entry.IdnHost, endpoint.IdnHost, StringComparison.OrdinalIgnoreCase)
            && entry.Port == endpoint.Port);
    }

    /// <summary>The list the installation admin set in the app, one entry a line.</summary>
    public async Task<IReadOnlyList<string>> GetAdminListAsync(CancellationToken cancellationToken) =>
        Split(await settings.GetAsync(InstallationSettings.AllowedAgentEndpoints, cancellationToken));

    /// <summary>The operator's list from configuration (read-only in the app).</summary>
    public IReadOnlyList<string> ConfiguredList => Split(configuration[ConfigurationKey]);

    /// <summary>Why <paramref name="entries"/> cannot be stored, or null; each must be an absolute http(s) URL without credentials.</summary>
    public static string? DescribeInvalid(IReadOnlyList<string> entries)
    {
        if (entries.Count > MaxEntries)
        {
            return $"At most {MaxEntries} endpoints can be allowed; {entries.Count} were given.";
        }

        var invalid = entries.Where(entry => !TryParse(entry, out _)).ToList();
        return invalid.Count == 0 ? null
            : $"Not an endpoint: {string.Join(", ", invalid.Take(3).Select(entry => $"'{(entry.Length > 80 ? entry[..80] + "…" : entry)}'"))}. Give http:// or https:// URLs such as http://10.0.0.5:11434/v1.";
    }

    /// <summary>Stores the admin's list (one entry a line; empty clears it).</summary>
    public Task SetAdminListAsync(IReadOnlyList<string> entries, CancellationToken cancellationToken) =>
        settings.SetAsync(InstallationSettings.AllowedAgentEndpoints, string.Join('\n', entries), cancellationToken);

    private static IReadOnlyList<string> Split(string? list) =>
        [.. (list ?? "").Split([';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static IEnumerable<Uri> Parse(string? list)
    {
        foreach (var entry in Split(list))
        {
            if (TryParse(entry, out var uri))
            {
                yield return uri;
            }
        }
    }

    private static bool TryParse(string entry, [NotNullWhen(true)] out Uri? uri)
    {
        var problem = AgentProviderValidation.DescribeInvalidEndpoint(entry, out uri);
        return problem is null && uri is not null;
    }
}
