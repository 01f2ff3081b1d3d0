namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>A registered user with the tokens of its registration.</summary>
public sealed record TestUser(Guid Id, string Email, string Password, string DisplayName, string AccessToken, string RefreshToken);
