using System.Reflection;

namespace Vibe.Cli;

/// <summary>The client's version, as <c>vibe --version</c> prints it.</summary>
internal static class ThisAssembly
{
    public static string Version { get; } =
        (typeof(ThisAssembly).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
