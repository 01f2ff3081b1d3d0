using System.Text.Json;
using System.Text.Json.Serialization;
using Vibe.Cli.Api.Models;
using Vibe.Cli.Auth;

namespace Vibe.Cli.Api;

/// <summary>
/// The JSON of the API, the hub and the credentials file, generated at build time (camelCase, nulls left out): no
/// reflection at start-up, which keeps <c>vibe exec</c> quick and lets the client be trimmed.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(AccountUser))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(ProblemResponse))]
[JsonSerializable(typeof(List<TeamInfo>))]
[JsonSerializable(typeof(List<TemplateInfo>))]
[JsonSerializable(typeof(CreateWorkspaceRequest))]
[JsonSerializable(typeof(List<WorkspaceSummary>))]
[JsonSerializable(typeof(WorkspaceDetails))]
[JsonSerializable(typeof(List<LogEntry>))]
[JsonSerializable(typeof(LogEvent))]
[JsonSerializable(typeof(StreamResetEvent))]
[JsonSerializable(typeof(StatusEvent))]
[JsonSerializable(typeof(List<FileEntry>))]
[JsonSerializable(typeof(ExecRequest))]
[JsonSerializable(typeof(ExecResponse))]
[JsonSerializable(typeof(TerminalSession))]
[JsonSerializable(typeof(TerminalAttachment))]
[JsonSerializable(typeof(TerminalOutput))]
[JsonSerializable(typeof(TerminalExited))]
[JsonSerializable(typeof(ChatThreadInfo))]
[JsonSerializable(typeof(AgentRunInfo))]
[JsonSerializable(typeof(List<AgentRunInfo>))]
[JsonSerializable(typeof(AgentRunEvent))]
[JsonSerializable(typeof(AgentRevertResult))]
[JsonSerializable(typeof(Credentials))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(object))]
internal sealed partial class CliJson : JsonSerializerContext;
