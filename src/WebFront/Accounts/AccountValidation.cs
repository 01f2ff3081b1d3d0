using System.Net.Mail;

namespace Vibe.WebFront.Accounts;

/// <summary>The rules for account fields, each returning what is wrong as a sentence, or null when the value is fine.</summary>
internal static class AccountValidation
{
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 1024;
    public const int MaxEmailLength = 254;
    public const int MaxDisplayNameLength = 100;

    /// <summary>The form emails are stored and compared in: trimmed, lowercase.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static string? DescribeEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "The email is missing.";
        }

        var trimmed = email.Trim();
        if (trimmed.Length > MaxEmailLength)
        {
            return $"The email is {trimmed.Length} characters long; at most {MaxEmailLength} are allowed.";
        }

        var at = trimmed.LastIndexOf('@');
        return at > 0 && at < trimmed.Length - 1
            && MailAddress.TryCreate(trimmed, out var parsed) && parsed.Address == trimmed && parsed.DisplayName.Length == 0
            && trimmed[(at + 1)..].Contains('.', StringComparison.Ordinal)
            && !trimmed.Any(char.IsWhiteSpace)
            ? null
            : $"'{Truncate(trimmed)}' is not an email address; expected the form name@example.com.";
    }

    public static string? DescribePassword(string? password, string what = "The password") =>
        password is null || password.Length == 0 ? $"{what} is missing."
        : password.Length < MinPasswordLength ? $"{what} has {password.Length} characters; use at least {MinPasswordLength}."
        : password.Length > MaxPasswordLength ? $"{what} has {password.Length} characters; at most {MaxPasswordLength} are allowed."
        : null;

    public static string? DescribeDisplayName(string? displayName)
    {
        var trimmed = displayName?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return "The display name is missing; give the name others see, e.g. \"Ada Lovelace\".";
        }

        if (trimmed.Length > MaxDisplayNameLength)
        {
            return $"The display name is {trimmed.Length} characters long; at most {MaxDisplayNameLength} are allowed.";
        }

        return trimmed.Any(char.IsControl) ? "The display name contains control characters (such as line breaks); use plain text." : null;
    }

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
