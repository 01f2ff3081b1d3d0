namespace Vibe.Grains.Agents.Models;

/// <summary>A team-set endpoint's host resolved to no public address: the connection was not made.</summary>
internal sealed class ProviderAddressRefusedException : IOException
{
    public ProviderAddressRefusedException(string host)
        : base($"{host} does not resolve to a public address.")
    {
        Host = host;
    }

    public ProviderAddressRefusedException()
    {
        Host = "";
    }

    public ProviderAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Host = "";
    }

    /// <summary>The host name or address of the refused connection.</summary>
    public string Host { get; }
}
