using System.Text.Json.Serialization;
using Vibe.Docker.Containers;
using Vibe.Docker.Daemon;
using Vibe.Docker.Events;
using Vibe.Docker.Exec;
using Vibe.Docker.Images;
using Vibe.Docker.Networks;
using Vibe.Docker.Stats;
using Vibe.Docker.Transport;

namespace Vibe.Docker.Serialization;

/// <summary>Source-generated JSON for every body the client sends or reads. Names are the API's (PascalCase, snake_case where it says so).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(DockerVersion))]
[JsonSerializable(typeof(ContainerCreateParameters))]
[JsonSerializable(typeof(ContainerCreateResponse))]
[JsonSerializable(typeof(ContainerInspectResponse))]
[JsonSerializable(typeof(List<ContainerSummary>))]
[JsonSerializable(typeof(ContainerWaitResponse))]
[JsonSerializable(typeof(List<ImageSummary>))]
[JsonSerializable(typeof(ImageInspectResponse))]
[JsonSerializable(typeof(List<ImageDeleteResponseItem>))]
[JsonSerializable(typeof(BuildMessage))]
[JsonSerializable(typeof(ExecCreateParameters))]
[JsonSerializable(typeof(ExecCreateResponse))]
[JsonSerializable(typeof(ExecStartParameters))]
[JsonSerializable(typeof(ExecInspectResponse))]
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(DockerEvent))]
[JsonSerializable(typeof(NetworkCreateParameters))]
[JsonSerializable(typeof(NetworkCreateResponse))]
[JsonSerializable(typeof(List<NetworkSummary>))]
[JsonSerializable(typeof(NetworkSummary))]
[JsonSerializable(typeof(NetworkConnectParameters))]
[JsonSerializable(typeof(NetworkDisconnectParameters))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
