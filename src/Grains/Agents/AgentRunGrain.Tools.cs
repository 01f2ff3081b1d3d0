using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vibe.Grains.Agents.Models;
using Vibe.Grains.Documents;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Workspaces.Files;

namespace Vibe.Grains.Agents;

/// <summary>The tools: files through the document grains (so open editors see the agent type), commands through Exec.</summary>
internal sealed partial class AgentRunGrain
{
    // Docker cannot signal an exec: each command carries a random marker in its environment, and stopping it is a second exec
    // that kills the processes carrying the marker ($1: NAME=value; environ is NUL-separated).
    private const string MarkerVariable = "VIBE_AGENT_COMMAND";

    private const string KillScript =
        "for d in /proc/[0-9]*; do tr '\\0' '\\n' < \"$d/environ\" 2>/dev/null | grep -qxF \"$1\" && kill -KILL \"${d#/proc/}\" 2>/dev/null; done; exit 0";

    private const int MaxListedEntries = 500;
    private const int MaxSearchLines = 200;

    private static readonly TimeSpan SearchTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    // Document grains write their text to the file shortly after an edit (DocumentOptions.WriteDelay, 300 ms by default).

    // Files edited through their document grain whose file may not show the edit yet.
    private readonly HashSet<string> _unsynced = new(StringComparer.Ordinal);

    private string AuthorClientId => $"agent:{Key.RunId}";

    private DocumentAuthor Author(string userId, string name) => new(AuthorClientId, userId, name, _options.CursorColor);

    private IDocumentGrain Document(string path) => GrainFactory.GetGrain<IDocumentGrain>(DocumentKeys.Format(Key.WorkspaceId, path));

    private async Task<AgentToolOutcome> ExecuteToolAsync(AgentRunRequest request, AgentToolCall call, CancellationToken ct)
    {
        JsonElement input;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(call.InputJson) ? "{}" : call.InputJson);
            input = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return AgentToolOutcome.Error($"The arguments of {call.Name} are not valid JSON: {ex.Message}");
        }

        try
        {
            return call.Name switch
            {
                AgentTools.ListFiles => await ListFilesAsync(input),
                AgentTools.ReadFile => await ReadFileAsync(input),
                AgentTools.WriteFile => await WriteFileAsync(input, Author(request.UserId, "AI agent")),
                AgentTools.EditFile => await EditFileAsync(input, Author(request.UserId, "AI agent")),
                AgentTools.Search => await SearchAsync(input, ct),
                AgentTools.RunCommand => await RunCommandAsync(input, ct),
                _ => AgentToolOutcome.Error($"There is no tool named '{call.Name}'. The tools are: {string.Join(", ", AgentTools.Definitions.Select(t => t.Name))}."),
            };
        }
        catch (ToolInputException ex)
        {
            return AgentToolOutcome.Error(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // What went wrong goes back to the model, which may try another way; the run goes on.
            return AgentToolOutcome.Error($"{call.Name} failed: {ex.Message}");
        }
    }

    private async Task<AgentToolOutcome> ListFilesAsync(JsonElement input)
    {
        var path = PathArgument(input, "path", allowRoot: true, required: false);
        var entries = await Workspace.ListFiles(path);
        var lines = new List<string>(entries.Count);
        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            lines.Add(entry.Kind switch
            {
                WorkspaceFileKind.Directory => entry.Name + "/",
                WorkspaceFileKind.Symlink => $"{entry.Name} -> {entry.LinkTarget}",
                WorkspaceFileKind.File => string.Create(CultureInfo.InvariantCulture, $"{entry.Name} ({entry.Size} bytes)"),
                _ => entry.Name,
            });
        }

        if (lines.Count == 0)
        {
            return new AgentToolOutcome($"{path} is empty.", IsError: false);
        }

        var shown = lines.Count > MaxListedEntries ? [.. lines.Take(MaxListedEntries), $"[{lines.Count - MaxListedEntries} more entries not shown]"] : lines;
        return new AgentToolOutcome(string.Join('\n', shown), IsError: false);
    }

    private async Task<AgentToolOutcome> ReadFileAsync(JsonElement input)
    {
        var path = PathArgument(input, "path", allowRoot: false);
        var snapshot = await Document(path).Open();
        var text = snapshot.Text;
        return text.Length <= _options.MaxReadChars
            ? new AgentToolOutcome(text, IsError: false)
            : new AgentToolOutcome(string.Create(CultureInfo.InvariantCulture, $"{text[.._options.MaxReadChars]}\n[file cut: showing the first {_options.MaxReadChars} of {text.Length} characters]"), IsError: false);
    }

    private async Task<AgentToolOutcome> WriteFileAsync(JsonElement input, DocumentAuthor author)
    {
        var path = PathArgument(input, "path", allowRoot: false);
        var content = StringArgument(input, "content", allowEmpty: true);
        var document = Document(path);
        string? before;
        try
        {
            before = (await document.Open()).Text;
        }
        catch (DocumentException)
        {
            // Missing is fine (the file is created); binary or too large is the model's to hear about.
            if (await ExistsAsync(path))
            {
                throw;
            }

            before = null;
        }

        string after;
        if (before is null)
        {
            await Workspace.WriteFile(path, Encoding.UTF8.GetBytes(content));
            after = (await document.Open()).Text;
        }
        else
        {
            after = (await document.ReplaceText(author, content)).Snapshot.Text;
        }

        RecordChange(path, before, after);
        var lines = after.Length == 0 ? 0 : after.Count(c => c == '\n') + (after.EndsWith('\n') ? 0 : 1);
        var verb = before is null ? "Created" : "Wrote";
        return new AgentToolOutcome(string.Create(CultureInfo.InvariantCulture, $"{verb} {path} ({lines} lines)."), IsError: false, LineDiff.Unified(path, before, after));
    }

    private async Task<AgentToolOutcome> EditFileAsync(JsonElement input, DocumentAuthor author)
    {
        var path = PathArgument(input, "path", allowRoot: false);
        var oldText = StringArgument(input, "old_text", allowEmpty: false);
        var newText = StringArgument(input, "new_text", allowEmpty: true);
        var document = Document(path);
        var before = (await document.Open()).Text;
        var result = await document.ReplaceSnippet(author, oldText, newText);
        switch (result.Status)
        {
            case DocumentEditStatus.NotFound:
                return AgentToolOutcome.Error($"old_text was not found in {path}; nothing was changed. Read the file again and copy the exact text, including whitespace and indentation.");
            case DocumentEditStatus.NotUnique:
                return AgentToolOutcome.Error($"old_text occurs more than once in {path}; nothing was changed. Include more of the surrounding lines so it matches exactly one place.");
        }

        var after = result.Snapshot.Text;
        RecordChange(path, before, after);
        return new AgentToolOutcome($"Edited {path}.", IsError: false, LineDiff.Unified(path, before, after));
    }

    private async Task<AgentToolOutcome> SearchAsync(JsonElement input, CancellationToken ct)
    {
        var pattern = StringArgument(input, "pattern", allowEmpty: false);
        var path = PathArgument(input, "path", allowRoot: true, required: false);
        string[] command =
        [
            "sh", "-c",
            $"cd /workspace || exit 2; grep -rn -e \"$1\" -- \"$2\" 2>&1 | head -n {MaxSearchLines}",
            "sh", pattern, path,
        ];
        var result = await RunMarkedAsync(command, Min(SearchTimeout, workspaceOptions.Value.MaxExecTimeout), ct);
        if (result.TimedOut)
        {
            return AgentToolOutcome.Error($"The search timed out after {Seconds(Min(SearchTimeout, workspaceOptions.Value.MaxExecTimeout))} s; search a smaller directory.");
        }

        var output = result.Stdout.TrimEnd('\n');
        return output.Length == 0
            ? new AgentToolOutcome($"No matches for '{pattern}' in {path}.", IsError: false)
            : new AgentToolOutcome(Bound(output, _options.MaxCommandOutputChars), IsError: false);
    }

    private async Task<AgentToolOutcome> RunCommandAsync(JsonElement input, CancellationToken ct)
    {
        var commandLine = StringArgument(input, "command", allowEmpty: false);
        var timeout = Min(_options.CommandTimeout, workspaceOptions.Value.MaxExecTimeout);
        if (input.TryGetProperty("timeout_seconds", out var requested) && requested.ValueKind == JsonValueKind.Number
            && requested.TryGetDouble(out var seconds) && seconds > 0)
        {
            timeout = Min(timeout, TimeSpan.FromSeconds(seconds));
        }

        var result = await RunMarkedAsync(["sh", "-c", "cd /workspace || exit 126\n" + commandLine], timeout, ct);
        var output = new StringBuilder();
        output.Append(result.Stdout);
        if (result.Stderr.Length > 0)
        {
            output.Append(result.Stdout.Length > 0 && !result.Stdout.EndsWith('\n') ? "\n" : "").Append("[stderr]\n").Append(result.Stderr);
        }

        if (result.Truncated)
        {
            output.Append("\n[the command wrote more output than was kept]");
        }

        return result.TimedOut
            ? AgentToolOutcome.Error(Bound($"The command timed out after {Seconds(timeout)} s and was stopped. Its output so far:\n{output}", _options.MaxCommandOutputChars))
            : new AgentToolOutcome(Bound(string.Create(CultureInfo.InvariantCulture, $"exit code: {result.ExitCode}\n{output}"), _options.MaxCommandOutputChars), IsError: false);
    }

    /// <summary>
    /// Has the document grains write this run's edits to disk now (they write them debounced otherwise), so a command run
    /// next sees them.
    /// </summary>
    private async Task WaitForEditsOnDiskAsync(CancellationToken ct)
    {
        foreach (var path in _unsynced.ToArray())
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                await Document(path).Flush();
            }
            catch (DocumentException ex)
            {
                LogFileNotSynced(logger, ex, Key.WorkspaceId, Key.RunId, path);
            }

            _unsynced.Remove(path);
        }
    }

    /// <summary>Runs a command marked so it can be killed; on timeout or cancellation it is killed before this returns.</summary>
    private async Task<WorkspaceExecResult> RunMarkedAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct)
    {
        var marker = $"{MarkerVariable}={RandomNumberGenerator.GetHexString(32, lowercase: true)}";
        string[] marked = ["env", marker, .. command];
        await WaitForEditsOnDiskAsync(ct);
        WorkspaceExecResult result;
        try
        {
            result = await Workspace.Exec(marked, timeout).WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            await KillAsync(marker);
            throw;
        }

        if (result.TimedOut)
        {
            await KillAsync(marker);
        }

        return result;
    }

    private async Task KillAsync(string marker)
    {
        try
        {
            await Workspace.Exec(["sh", "-c", KillScript, "sh", marker], Min(KillTimeout, workspaceOptions.Value.MaxExecTimeout));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogKillFailed(logger, ex, Key.WorkspaceId, Key.RunId);
        }
    }

    private async Task<bool> ExistsAsync(string path)
    {
        var parsed = WorkspacePath.Parse(path, allowRoot: false);
        try
        {
            var entries = await Workspace.ListFiles(parsed.ParentRelative);
            return entries.Any(e => e.Name == parsed.Name);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidOperationException)
        {
            return false;
        }
    }

    private void RecordChange(string path, string? before, string after)
    {
        _unsynced.Add(path);
        var index = Run.Changes.FindIndex(c => c.Path == path);
        if (index < 0)
        {
            Run.Changes.Add(new AgentFileChange(path, before, after));
        }
        else
        {
            Run.Changes[index] = Run.Changes[index] with { After = after };
        }
    }

    private static string PathArgument(JsonElement input, string name, bool allowRoot, bool required = true)
    {
        string raw;
        if (input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            raw = value.GetString()!.Trim();
        }
        else if (required)
        {
            throw new ToolInputException($"Give '{name}', a path relative to the workspace root.");
        }
        else
        {
            raw = "";
        }

        // Models often write absolute paths inside the container.
        if (raw == "/workspace")
        {
            raw = "";
        }
        else if (raw.StartsWith("/workspace/", StringComparison.Ordinal))
        {
            raw = raw["/workspace/".Length..];
        }

        return WorkspacePath.Parse(raw, allowRoot).Relative;
    }

    private static string StringArgument(JsonElement input, string name, bool allowEmpty)
    {
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw new ToolInputException($"Give '{name}' as a string.");
        }

        var text = value.GetString()!;
        return !allowEmpty && text.Length == 0 ? throw new ToolInputException($"'{name}' must not be empty.") : text;
    }

    private static string Bound(string text, int maxChars) =>
        text.Length <= maxChars
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text[..maxChars]}\n[output cut: {text.Length - maxChars} more characters not shown]");

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent run {RunId} of workspace {WorkspaceId}: {Path} could not be written before the command; running it anyway")]
    private static partial void LogFileNotSynced(ILogger logger, Exception ex, string workspaceId, string runId, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent run {RunId} of workspace {WorkspaceId}: killing a command failed")]
    private static partial void LogKillFailed(ILogger logger, Exception ex, string workspaceId, string runId);

    /// <summary>A tool's arguments are missing or malformed; the message tells the model what to send.</summary>
    private sealed class ToolInputException(string message) : Exception(message);
}
