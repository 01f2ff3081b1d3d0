namespace Vibe.WebFront.Accounts;

/// <summary>The outcome of <see cref="PasswordHasher.Verify"/>.</summary>
internal enum PasswordCheck
{
    Failed,
    Succeeded,

    /// <summary>The password matches a hash made with fewer iterations than now configured: store a new hash.</summary>
    SucceededNeedsRehash,
}
