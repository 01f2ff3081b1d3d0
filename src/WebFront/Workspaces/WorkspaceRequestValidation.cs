using System.Globalization;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Workspaces;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Workspaces;

/// <summary>
/// Checks create and update requests before anything is written, with one message per field that says what is wrong.
/// Limit ranges are the grain's minimums (<see cref="WorkspaceLimitsValidation"/>) up to the operator's maxima
/// (<see cref="WorkspaceOptions.MaxLimits"/>, never more CPUs than this host has).
/// </summary>
internal static class WorkspaceRequestValidation
{
    public const int MaxNameLength = 64;

    /// <summary>Validates a create request; <paramref name="limits"/> is null when none were asked for (the silo's defaults apply).</summary>
    public static Dictionary<string, string[]> ValidateCreate(
        CreateWorkspaceRequest request, WorkspaceTemplates templates, WorkspaceLimits defaults, WorkspaceLimits max, out string name, out WorkspaceLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        name = ValidateName(request.Name, errors) ?? "";
        if (string.IsNullOrEmpty(request.Template))
        {
            errors["template"] = [$"Choose a template: {TemplateIds(templates)}."];
        }
        else if (!templates.Exists(request.Template))
        {
            errors["template"] = [$"There is no template '{request.Template}'; choose one of {TemplateIds(templates)}."];
        }

        if (request.Network is { } network && !Enum.IsDefined(network))
        {
            errors["network"] = [$"The network must be {WireJson.Names<WorkspaceNetworkPolicy>()}."];
        }

        limits = request.Limits is null ? null : ValidateLimits(request.Limits, defaults, max, errors);
        return errors;
    }

    /// <summary>Validates an update request against the workspace's current limits; null results mean "unchanged".</summary>
    public static Dictionary<string, string[]> ValidateUpdate(UpdateWorkspaceRequest request, WorkspaceLimits current, WorkspaceLimits max, out string? name, out WorkspaceLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        name = request.Name is null ? null : ValidateName(request.Name, errors);
        limits = request.Limits is null ? null : ValidateLimits(request.Limits, current, max, errors);
        if (request.Name is null && request.Limits is null)
        {
            errors[""] = ["Give a new name or new limits (or both)."];
        }

        return errors;
    }

    /// <summary>The name without surrounding white space, or null (with an error) when it is not usable.</summary>
    private static string? ValidateName(string? name, Dictionary<string, string[]> errors)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors["name"] = ["Give the workspace a name (1 to 64 characters)."];
            return null;
        }

        if (trimmed.Length > MaxNameLength)
        {
            errors["name"] = [string.Create(CultureInfo.InvariantCulture, $"The name is {trimmed.Length} characters long; it may have at most {MaxNameLength}.")];
            return null;
        }

        foreach (var c in trimmed)
        {
            if (char.IsControl(c))
            {
                errors["name"] = ["The name must not contain control characters (such as line breaks or tabs)."];
                return null;
            }
        }

        return trimmed;
    }

    /// <summary>The asked limits, with missing values taken from <paramref name="baseline"/>; null (with errors) when one is out of range.</summary>
    private static WorkspaceLimits? ValidateLimits(WorkspaceLimitsRequest request, WorkspaceLimits baseline, WorkspaceLimits max, Dictionary<string, string[]> errors)
    {
        var valid = true;
        var maxCpus = Math.Min(max.NanoCpus, Environment.ProcessorCount * 1_000_000_000L) / 1e9;
        var nanoCpus = baseline.NanoCpus;
        if (request.Cpus is { } cpus)
        {
            if (!double.IsFinite(cpus) || cpus * 1e9 < WorkspaceLimitsValidation.MinNanoCpus || cpus > maxCpus)
            {
                errors["limits.cpus"] = [string.Create(CultureInfo.InvariantCulture, $"The CPU limit must be between 0.01 and {maxCpus:0.###} (this installation's maximum).")];
                valid = false;
            }
            else
            {
                nanoCpus = (long)Math.Round(cpus * 1e9);
            }
        }

        var memoryBytes = baseline.MemoryBytes;
        if (request.MemoryMb is { } memoryMb)
        {
            var minMb = WorkspaceLimitsValidation.MinMemoryBytes / WorkspaceResourceLimits.BytesPerMb;
            var maxMb = max.MemoryBytes / WorkspaceResourceLimits.BytesPerMb;
            if (memoryMb < minMb || memoryMb > maxMb)
            {
                errors["limits.memoryMb"] = [string.Create(CultureInfo.InvariantCulture, $"The memory limit must be between {minMb} and {maxMb} MiB (this installation's maximum).")];
                valid = false;
            }
            else
            {
                memoryBytes = memoryMb * WorkspaceResourceLimits.BytesPerMb;
            }
        }

        var pids = baseline.PidsLimit;
        if (request.Pids is { } requestedPids)
        {
            if (requestedPids < WorkspaceLimitsValidation.MinPids || requestedPids > max.PidsLimit)
            {
                errors["limits.pids"] = [string.Create(CultureInfo.InvariantCulture, $"The process limit must be between {WorkspaceLimitsValidation.MinPids} and {max.PidsLimit} (this installation's maximum).")];
                valid = false;
            }
            else
            {
                pids = requestedPids;
            }
        }

        return valid ? new WorkspaceLimits(nanoCpus, memoryBytes, pids) : null;
    }

    private static string TemplateIds(WorkspaceTemplates templates) => string.Join(", ", templates.All.Select(static t => t.Id));
}
