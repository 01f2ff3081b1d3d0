namespace Vibe.Grains.Tests.Agents;

/// <summary>A workspace silo for the agent tests: its agent grains talk to fake provider servers the tests start.</summary>
public sealed class AgentSiloFixture : WorkspaceSiloFixture;
