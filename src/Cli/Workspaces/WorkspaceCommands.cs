using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;
using Vibe.Cli.Api;
using Vibe.Cli.Api.Models;
using Vibe.Cli.Auth;
using Vibe.Cli.Output;

namespace Vibe.Cli.Workspaces;

/// <summary><c>vibe ws ls|create|start|stop|restart|rm|info</c>: listing workspaces and their lifecycle.</summary>
internal static class WorkspaceCommands
{
    public static Command Create()
    {
        var command = new Command("ws", "List, create, start, stop, restart, delete and inspect workspaces");
        command.Subcommands.Add(List());
        command.Subcommands.Add(CreateWorkspace());
        command.Subcommands.Add(Lifecycle("start", "Start a workspace's container and wait until it runs", "start", "Starting", "running"));
        command.Subcommands.Add(Lifecycle("stop", "Stop a workspace's container; its files stay", "stop", "Stopping", "stopped"));
        command.Subcommands.Add(Lifecycle("restart", "Stop and start a workspace's container", "restart", "Restarting", "running"));
        command.Subcommands.Add(Remove());
        command.Subcommands.Add(Info());
        return command;
    }

    internal static Argument<string> WorkspaceArgument() => new("workspace") { Description = "The workspace's id or name" };

    private static Option<bool> JsonOption(string what) => new("--json") { Description = $"Print {what} as JSON" };

    private static Command List()
    {
        var json = JsonOption("the workspaces");
        var command = new Command("ls", "List the workspaces you can see") { json };
        command.Aliases.Add("list");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var api = VibeApi.SignedIn(CredentialStore.ForCurrentUser());
            var body = await api.GetJsonAsync("/api/v1/workspaces", cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(body);
                return ExitCodes.Success;
            }

            var workspaces = JsonSerializer.Deserialize(body, CliJson.Default.ListWorkspaceSummary)!;
            if (workspaces.Count == 0)
            {
                Consoles.WriteNote("No workspaces yet: create one with `vibe ws create NAME`.");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.None).HideRowSeparators();
            foreach (var column in new[] { "ID", "NAME", "STATUS", "TEMPLATE", "ACCESS", "CPU", "MEMORY" })
            {
                table.AddColumn(new TableColumn(column).PadLeft(0).PadRight(2));
            }

            foreach (var workspace in workspaces.OrderBy(w => w.Name, StringComparer.OrdinalIgnoreCase))
            {
                table.AddRow(
                    Markup.Escape(workspace.Id),
                    Markup.Escape(workspace.Name),
                    StatusMarkup(workspace.Status),
                    Markup.Escape(workspace.Template),
                    workspace.Permission.ToLowerInvariant(),
                    workspace.CpuPercent is { } cpu ? cpu.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "-",
                    workspace.MemoryBytes is { } memory ? $"{Mib(memory)} / {Mib(workspace.MemoryLimitBytes)} MiB" : "-");
            }

            Consoles.Out.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateWorkspace()
    {
        var name = new Argument<string>("name") { Description = "The workspace's name (1 to 64 characters)" };
        var template = new Option<string>("--template", "-t") { Description = "The template to create it from", DefaultValueFactory = _ => "blank" };
        var team = new Option<string?>("--team") { Description = "Create it in this team (name or id) instead of as your own" };
        var cpus = new Option<double?>("--cpus") { Description = "CPUs it may use, e.g. 0.5 (default: the server's)" };
        var memory = new Option<long?>("--memory") { Description = "Memory it may use, in MiB (default: the server's)" };
        var pids = new Option<long?>("--pids") { Description = "Processes and threads it may run (default: the server's)" };
        var network = new Option<string?>("--network") { Description = "What it may reach: none (default), internal or internet" };
        network.AcceptOnlyFromAmong("none", "internal", "internet");
        var noStart = new Option<bool>("--no-start") { Description = "Only create it; start it later with `vibe ws start`" };
        var json = JsonOption("the workspace");
        var command = new Command("create", "Create a workspace and start it, showing progress; prints its id")
        {
            name, template, team, cpus, memory, pids, network, noStart, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var api = VibeApi.SignedIn(CredentialStore.ForCurrentUser());
            var teamId = parse.GetValue(team) is { } teamName ? await FindTeamAsync(api, teamName, cancellationToken) : (Guid?)null;
            var limits = parse.GetValue(cpus) is null && parse.GetValue(memory) is null && parse.GetValue(pids) is null
                ? null
                : new WorkspaceLimitsRequest(parse.GetValue(cpus), parse.GetValue(memory), parse.GetValue(pids));
            var start = !parse.GetValue(noStart);
            var request = new CreateWorkspaceRequest(parse.GetValue(name)!, parse.GetValue(template)!, teamId, limits, parse.GetValue(network), start);
            var body = await Busy.RunAsync($"Creating workspace {request.Name}", async progress =>
            {
                using var response = await api.SendAsync(
                    () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/workspaces") { Content = JsonContent.Create(request, CliJson.Default.CreateWorkspaceRequest) },
                    cancellationToken);
                var created = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!start)
                {
                    return created;
                }

                // The server starts it in the background; the hub tells how it goes.
                var id = JsonSerializer.Deserialize(created, CliJson.Default.WorkspaceDetails)!.Id;
                await WorkspaceStatusWaiter.WaitAsync(api, id, "running", progress, cancellationToken);
                return await api.GetJsonAsync($"/api/v1/workspaces/{id}", cancellationToken);
            });

            if (parse.GetValue(json))
            {
                JsonOutput.Write(body);
            }
            else
            {
                var details = JsonSerializer.Deserialize(body, CliJson.Default.WorkspaceDetails)!;
                Consoles.WriteNote($"Workspace {details.Name} is {WireValue.Shown(details.Status)}.");
                Console.WriteLine(details.Id);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Lifecycle(string verb, string description, string action, string progress, string expected)
    {
        var workspace = WorkspaceArgument();
        var command = new Command(verb, description) { workspace };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var api = VibeApi.SignedIn(CredentialStore.ForCurrentUser());
            var reference = parse.GetValue(workspace)!;
            var body = await Busy.RunAsync($"{progress} {reference}", status => WorkspaceResolver.CallAsync(
                api,
                reference,
                async id =>
                {
                    try
                    {
                        var changed = await ChangeAsync(api, id, action, cancellationToken);
                        if (expected != "running" || JsonSerializer.Deserialize(changed, CliJson.Default.WorkspaceDetails)!.Status != "starting")
                        {
                            return changed;
                        }

                        // Still under way (its template image is being built): the hub tells how it ends.
                        await WorkspaceStatusWaiter.WaitAsync(api, id, expected, status, cancellationToken);
                        return await api.GetJsonAsync($"/api/v1/workspaces/{id}", cancellationToken);
                    }
                    catch (ApiException ex) when (ex.Status == 504)
                    {
                        // The workspace goes on past the server's call timeout (a slow engine): wait for it on the hub.
                        await WorkspaceStatusWaiter.WaitAsync(api, id, expected, status, cancellationToken);
                        return await api.GetJsonAsync($"/api/v1/workspaces/{id}", cancellationToken);
                    }
                },
                cancellationToken));
            var details = JsonSerializer.Deserialize(body, CliJson.Default.WorkspaceDetails)!;
            Console.WriteLine($"Workspace {details.Name} ({details.Id}) is {WireValue.Shown(details.Status)}.");
            if (details.Status != expected && details.Error is { Length: > 0 } error)
            {
                throw new CliException($"Workspace {details.Name} is {WireValue.Shown(details.Status)}: {error}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove()
    {
        var workspace = WorkspaceArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var command = new Command("rm", "Delete a workspace: its container and all its files") { workspace, yes };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var api = VibeApi.SignedIn(CredentialStore.ForCurrentUser());
            var details = await WorkspaceResolver.ResolveAsync(api, parse.GetValue(workspace)!, cancellationToken);
            if (!parse.GetValue(yes))
            {
                if (Console.IsInputRedirected)
                {
                    throw new CliException($"Deleting {details.Name} removes all its files; add --yes to confirm when standard input is not a terminal.");
                }

                if (!Consoles.Error.Confirm($"Delete workspace [bold]{Markup.Escape(details.Name)}[/] ({details.Id}) and all its files?", defaultValue: false))
                {
                    Consoles.WriteNote("Nothing was deleted.");
                    return ExitCodes.Failure;
                }
            }

            await Busy.RunAsync($"Deleting {details.Name}", async () =>
            {
                using var response = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/workspaces/{details.Id}"), cancellationToken);
                return true;
            });
            Console.WriteLine($"Deleted workspace {details.Name} ({details.Id}).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Info()
    {
        var workspace = WorkspaceArgument();
        var json = JsonOption("the workspace");
        var command = new Command("info", "Show a workspace's status, settings and resource use") { workspace, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var api = VibeApi.SignedIn(CredentialStore.ForCurrentUser());
            var reference = parse.GetValue(workspace)!;
            var body = await WorkspaceResolver.CallAsync(api, reference, id => api.GetJsonAsync($"/api/v1/workspaces/{Uri.EscapeDataString(id)}", cancellationToken), cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(body);
                return ExitCodes.Success;
            }

            var details = JsonSerializer.Deserialize(body, CliJson.Default.WorkspaceDetails)!;
            var grid = new Grid().AddColumn(new GridColumn().PadRight(2)).AddColumn();
            void Row(string label, string value) => grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), new Markup(value));
            Row("ID", Markup.Escape(details.Id));
            Row("Name", Markup.Escape(details.Name));
            Row("Status", StatusMarkup(details.Status));
            Row("Template", Markup.Escape(details.Template));
            Row("Team", details.TeamId?.ToString() ?? "- (personal)");
            Row("Your access", details.Permission.ToLowerInvariant());
            Row("Limits", string.Create(CultureInfo.InvariantCulture, $"{details.Limits.Cpus:0.##} CPUs, {details.Limits.MemoryMb} MiB, {details.Limits.Pids} processes"));
            Row("Network", Markup.Escape(WireValue.Shown(details.Network)));
            Row("CPU", details.CpuPercent is { } cpu ? cpu.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "-");
            Row("Memory", details.MemoryBytes is { } memory ? $"{Mib(memory)} MiB of {Mib(details.MemoryLimitBytes)} MiB" : "-");
            Row("Created", details.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            Row("Last activity", details.LastActivityAt?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-");
            if (details.Error is { Length: > 0 } error)
            {
                Row("Error", $"[red]{Markup.Escape(error)}[/]");
            }

            Consoles.Out.Write(grid);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<string> ChangeAsync(VibeApi api, string id, string action, CancellationToken cancellationToken)
    {
        using var response = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/workspaces/{Uri.EscapeDataString(id)}/{action}"), cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static async Task<Guid> FindTeamAsync(VibeApi api, string team, CancellationToken cancellationToken)
    {
        var teams = await api.GetAsync("/api/v1/teams", CliJson.Default.ListTeamInfo, cancellationToken);
        var matches = teams.Where(t => t.Id.ToString() == team || string.Equals(t.Name, team, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0].Id,
            0 => throw new CliException($"You are in no team called '{team}'; yours: {(teams.Count == 0 ? "none" : string.Join(", ", teams.Select(t => t.Name)))}."),
            _ => throw new CliException($"{matches.Count} of your teams are called '{team}': name one by its id ({string.Join(", ", matches.Select(t => t.Id))})."),
        };
    }

    private static string StatusMarkup(string status) => status switch
    {
        "running" => "[green]Running[/]",
        "failed" => "[red]Failed[/]",
        "stopped" => "[grey]Stopped[/]",
        _ => $"[yellow]{Markup.Escape(WireValue.Shown(status))}[/]",
    };

    private static long Mib(long bytes) => bytes / (1024 * 1024);
}
