using Microsoft.AspNetCore.Http;

namespace Vibe.FakeProviders;

/// <summary>How one wire protocol words the errors <see cref="FakeProviderServer"/> answers before streaming.</summary>
/// <param name="UnauthorizedType">The error type (or code) of a 401 for a missing or wrong key.</param>
/// <param name="UnauthorizedMessage">The message of that 401.</param>
/// <param name="ServerErrorType">The error type (or code) of a 5xx.</param>
/// <param name="Write">Writes an error response: context, status, type (or code), message.</param>
internal sealed record ProtocolErrors(
    string UnauthorizedType,
    string UnauthorizedMessage,
    string ServerErrorType,
    Func<HttpContext, int, string, string, Task> Write);
