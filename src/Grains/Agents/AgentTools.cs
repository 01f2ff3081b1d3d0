using Vibe.Grains.Agents.Models;

namespace Vibe.Grains.Agents;

/// <summary>The tools an agent run offers the model, with their JSON schemas.</summary>
internal static class AgentTools
{
    public const string ListFiles = "list_files";
    public const string ReadFile = "read_file";
    public const string WriteFile = "write_file";
    public const string EditFile = "edit_file";
    public const string Search = "search";
    public const string RunCommand = "run_command";

    public static IReadOnlyList<AgentToolDefinition> Definitions { get; } =
    [
        new(ListFiles, "List the entries of a directory of the workspace (directories end with '/').",
            """{"type":"object","properties":{"path":{"type":"string","description":"Directory relative to the workspace root; '.' for the root."}},"required":["path"]}"""),
        new(ReadFile, "Read a UTF-8 text file of the workspace.",
            """{"type":"object","properties":{"path":{"type":"string","description":"File path relative to the workspace root."}},"required":["path"]}"""),
        new(WriteFile, "Create a file or replace its whole content. Prefer edit_file for changes to part of an existing file.",
            """{"type":"object","properties":{"path":{"type":"string","description":"File path relative to the workspace root."},"content":{"type":"string","description":"The complete new content."}},"required":["path","content"]}"""),
        new(EditFile, "Replace one exact snippet of a file with new text. The snippet must occur exactly once; include surrounding lines to make it unique.",
            """{"type":"object","properties":{"path":{"type":"string","description":"File path relative to the workspace root."},"old_text":{"type":"string","description":"The exact text to replace, including whitespace."},"new_text":{"type":"string","description":"The text to put in its place."}},"required":["path","old_text","new_text"]}"""),
        new(Search, "Search the workspace's files for a regular expression (grep -rn); returns matching lines with file and line number.",
            """{"type":"object","properties":{"pattern":{"type":"string","description":"A basic regular expression, as grep takes it."},"path":{"type":"string","description":"Directory or file to search, relative to the workspace root; the whole workspace when omitted."}},"required":["pattern"]}"""),
        new(RunCommand, "Run a shell command (sh -c) in /workspace inside the workspace's container; returns its exit code and output. Long-running servers do not belong here.",
            """{"type":"object","properties":{"command":{"type":"string","description":"The shell command line."},"timeout_seconds":{"type":"integer","description":"How long it may take, in seconds (bounded by the installation's limit)."}},"required":["command"]}"""),
    ];

    public const string SystemPrompt =
        "You are the AI agent of Vibe, a cloud IDE. You work in one workspace: a Linux container whose project files are under " +
        "/workspace. Use the tools to look at the code before changing it, make focused edits (edit_file for parts of a file, " +
        "write_file for new files), and run commands to check your work. Paths are relative to /workspace. People may be " +
        "editing the same files live. When you are done, say briefly what you did and what you found.";
}
