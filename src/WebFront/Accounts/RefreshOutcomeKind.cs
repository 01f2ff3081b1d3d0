namespace Vibe.WebFront.Accounts;

internal enum RefreshOutcomeKind
{
    Rotated,
    Invalid,
    Reused,
}
