using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vibe.Docker.Network;

/// <summary>
/// The iptables rules that keep workspaces to themselves. Vibe owns two chains, <c>{chain}-FWD</c> (jumped to first from
/// Docker's <c>DOCKER-USER</c>, which sees routed traffic) and <c>{chain}-IN</c> (jumped to first from <c>INPUT</c>, which
/// sees traffic to the host's own addresses, the bridges' gateways among them). Packets that arrive on a workspace bridge
/// (<see cref="WorkspaceNetworkOptions.BridgePrefix"/>) are dropped when they go to another workspace bridge, to a
/// <see cref="WorkspaceNetworkOptions.BlockedRanges"/> address or to the host; replies of connections opened from the host
/// (the preview proxy reaching a workspace) still pass. Installing is idempotent and atomic per chain: <c>iptables-restore
/// --noflush</c> replaces the contents of Vibe's chains only, and the jumps are added once.
/// </summary>
public sealed partial class WorkspaceFirewall
{
    private const string DockerUserChain = "DOCKER-USER";
    private const string InputChain = "INPUT";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly WorkspaceNetworkOptions _options;
    private readonly ILogger _logger;

    public WorkspaceFirewall(WorkspaceNetworkOptions options, ILogger<WorkspaceFirewall>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The chain jumped to from DOCKER-USER.</summary>
    public string ForwardChain => _options.FirewallChain + "-FWD";

    /// <summary>The chain jumped to from INPUT.</summary>
    public string InputGuardChain => _options.FirewallChain + "-IN";

    /// <summary>
    /// Installs the rules (or leaves them as they are when already there) and checks them. Returns null when they are in
    /// place or the firewall is turned off, else the problem as a sentence saying what to do.
    /// </summary>
    public async Task<string?> EnsureAsync(CancellationToken cancellationToken = default)
    {
        if (Problem(_options) is { } invalid)
        {
            return invalid;
        }

        if (!_options.Firewall)
        {
            LogDisabled(_logger);
            return null;
        }

        const string Remedy = "Run Vibe as root on the Docker host with iptables installed, or set Vibe:Workspaces:Network:Firewall to false to run without (insecure: workspaces then reach the host, the LAN and each other). See docs/security.md.";
        try
        {
            if ((await RunAsync("iptables", ["-S", DockerUserChain], null, cancellationToken).ConfigureAwait(false)) is { ExitCode: not 0 } noDockerUser)
            {
                return $"the workspace firewall cannot be installed: iptables has no {DockerUserChain} chain ({noDockerUser.Error}); it appears once dockerd runs on this host. {Remedy}";
            }

            var restored = await RunAsync("iptables-restore", ["--noflush"], Ruleset(), cancellationToken).ConfigureAwait(false);
            if (restored.ExitCode != 0)
            {
                return $"the workspace firewall cannot be installed: iptables-restore failed ({restored.Error}). {Remedy}";
            }

            foreach (var (parent, chain) in Hooks())
            {
                if ((await RunAsync("iptables", ["-C", parent, "-j", chain], null, cancellationToken).ConfigureAwait(false)).ExitCode == 0)
                {
                    continue;
                }

                var inserted = await RunAsync("iptables", ["-I", parent, "1", "-j", chain], null, cancellationToken).ConfigureAwait(false);
                if (inserted.ExitCode != 0)
                {
                    return $"the workspace firewall cannot be installed: iptables could not add the jump from {parent} to {chain} ({inserted.Error}). {Remedy}";
                }
            }

            if (await CheckAsync(cancellationToken).ConfigureAwait(false) is { } missing)
            {
                return $"the workspace firewall is not in place after installing it: {missing}. {Remedy}";
            }
        }
        catch (Exception failed) when (failed is System.ComponentModel.Win32Exception or IOException or TimeoutException)
        {
            return $"the workspace firewall cannot be installed: {failed.Message}. {Remedy}";
        }

        LogInstalled(_logger, ForwardChain, InputGuardChain, _options.BridgePrefix);
        return null;
    }

    /// <summary>Checks that both chains hold the expected rules and are jumped to; returns what is missing, or null.</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (parent, chain) in Hooks())
        {
            if ((await RunAsync("iptables", ["-C", parent, "-j", chain], null, cancellationToken).ConfigureAwait(false)).ExitCode != 0)
            {
                return $"{parent} does not jump to {chain}";
            }
        }

        foreach (var (chain, rules) in Rules())
        {
            foreach (var rule in rules)
            {
                if ((await RunAsync("iptables", ["-C", chain, .. rule], null, cancellationToken).ConfigureAwait(false)).ExitCode != 0)
                {
                    return $"{chain} lacks the rule \"{string.Join(' ', rule)}\"";
                }
            }
        }

        return null;
    }

    /// <summary>Removes the jumps and Vibe's two chains (what <see cref="EnsureAsync"/> added, nothing else); for tests and uninstalls.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (parent, chain) in Hooks())
        {
            while ((await RunAsync("iptables", ["-D", parent, "-j", chain], null, cancellationToken).ConfigureAwait(false)).ExitCode == 0)
            {
                // A jump added twice (by hand) is removed twice.
            }

            await RunAsync("iptables", ["-F", chain], null, cancellationToken).ConfigureAwait(false);
            await RunAsync("iptables", ["-X", chain], null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What is wrong with <paramref name="options"/> for the firewall, or null.</summary>
    public static string? Problem(WorkspaceNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BridgePrefix.Length is 0 or > WorkspaceNetworkOptions.MaxBridgePrefixLength || !options.BridgePrefix.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return $"Vibe:Workspaces:Network:BridgePrefix '{options.BridgePrefix}' must be 1 to {WorkspaceNetworkOptions.MaxBridgePrefixLength} letters, digits, '-' or '_'.";
        }

        if (options.FirewallChain.Length is 0 or > 24 || !options.FirewallChain.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return $"Vibe:Workspaces:Network:FirewallChain '{options.FirewallChain}' must be 1 to 24 letters, digits, '-' or '_'.";
        }

        foreach (var range in options.BlockedRanges)
        {
            if (!IPNetwork.TryParse(range, out var network) || network.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                return $"Vibe:Workspaces:Network:BlockedRanges has '{range}', which is not an IPv4 range such as 10.0.0.0/8.";
            }
        }

        foreach (var server in options.DnsServers)
        {
            if (!IPAddress.TryParse(server, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                return $"Vibe:Workspaces:Network:DnsServers has '{server}', which is not an IPv4 address such as 9.9.9.9.";
            }
        }

        return null;
    }

    private (string Parent, string Chain)[] Hooks() => [(DockerUserChain, ForwardChain), (InputChain, InputGuardChain)];

    /// <summary>Each chain's rules, in order, as iptables arguments.</summary>
    private (string Chain, List<string[]> Rules)[] Rules()
    {
        var bridges = _options.BridgePrefix + "+";
        var forward = new List<string[]>
        {
            // Replies to connections the host or the internet opened towards a workspace.
            new[] { "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "RETURN" },
            new[] { "-i", bridges, "-o", bridges, "-j", "DROP" },
        };
        foreach (var range in _options.BlockedRanges.Distinct(StringComparer.Ordinal))
        {
            forward.Add(["-i", bridges, "-d", IPNetwork.Parse(range).ToString(), "-j", "DROP"]);
        }

        var input = new List<string[]>
        {
            new[] { "-i", bridges, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "RETURN" },
            new[] { "-i", bridges, "-j", "DROP" },
        };
        return [(ForwardChain, forward), (InputGuardChain, input)];
    }

    /// <summary>An iptables-restore script that (re)creates Vibe's chains with their rules; other chains are left alone (--noflush).</summary>
    private string Ruleset()
    {
        var script = new StringBuilder("*filter\n");
        foreach (var (chain, _) in Rules())
        {
            script.Append(':').Append(chain).Append(" - [0:0]\n");
        }

        foreach (var (chain, rules) in Rules())
        {
            foreach (var rule in rules)
            {
                script.Append("-A ").Append(chain).Append(' ').AppendJoin(' ', rule).Append('\n');
            }
        }

        return script.Append("COMMIT\n").ToString();
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(string program, string[] arguments, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new IOException($"{program} did not start");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {CommandTimeout.TotalSeconds} s");
        }

        await output.ConfigureAwait(false);
        return (process.ExitCode, (await error.ConfigureAwait(false)).Trim());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace firewall in place: chains {ForwardChain} (from DOCKER-USER) and {InputChain} (from INPUT) guard bridges {BridgePrefix}*")]
    private static partial void LogInstalled(ILogger logger, string forwardChain, string inputChain, string bridgePrefix);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The workspace firewall is off (Vibe:Workspaces:Network:Firewall = false): workspaces can reach the host, the LAN and each other")]
    private static partial void LogDisabled(ILogger logger);
}
