namespace Vibe.WebFront.Workspaces;

/// <summary>
/// How much the file API moves in one request (section "Vibe:FileTransfers"): uploads of many files and folders as zip
/// archives. Each single file stays within Vibe:Workspaces:MaxFileBytes (5 MiB), what a grain call carries.
/// </summary>
public sealed class FileTransferOptions
{
    public const string SectionName = "Vibe:FileTransfers";

    /// <summary>The most bytes of files one upload may carry (default 100 MiB).</summary>
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>The most files one upload may carry (default 1000).</summary>
    public int MaxUploadFiles { get; set; } = 1000;

    /// <summary>The most bytes of files a folder downloaded as zip may hold, before compression (default 200 MiB).</summary>
    public long MaxArchiveBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>The most files and folders a folder downloaded as zip may hold (default 10 000).</summary>
    public int MaxArchiveEntries { get; set; } = 10_000;
}
