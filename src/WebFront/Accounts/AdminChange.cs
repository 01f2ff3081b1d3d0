namespace Vibe.WebFront.Accounts;

/// <summary>What <see cref="AccountStore.SetAdminAsync"/> did.</summary>
internal enum AdminChange
{
    Done,
    NoSuchUser,

    /// <summary>Refused: no enabled installation admin would be left.</summary>
    LastAdmin,
}
