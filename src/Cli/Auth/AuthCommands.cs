using System.CommandLine;
using Spectre.Console;
using Vibe.Cli.Api;
using Vibe.Cli.Output;

namespace Vibe.Cli.Auth;

/// <summary><c>vibe login</c>, <c>vibe logout</c> and <c>vibe whoami</c>: the session kept in the credentials file.</summary>
internal static class AuthCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Login();
        yield return Logout();
        yield return WhoAmI();
    }

    private static Command Login()
    {
        var url = new Argument<string?>("url")
        {
            Description = "The Vibe server's address, e.g. https://vibe.example.com (default: the one you last signed in to)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var email = new Option<string?>("--email", "-e") { Description = "Your account's email (asked for when missing)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of asking for it" };
        var command = new Command("login", "Sign in to a Vibe server; the session is kept in ~/.config/vibe/credentials.json (mode 0600)")
        {
            url, email, passwordStdin,
        };
        command.SetAction((parse, cancellationToken) => LoginAsync(parse.GetValue(url), parse.GetValue(email), parse.GetValue(passwordStdin), cancellationToken));
        return command;
    }

    private static Command Logout()
    {
        var command = new Command("logout", "Sign out: revoke the session on the server and delete the saved credentials");
        command.SetAction(async (_, cancellationToken) =>
        {
            var store = CredentialStore.ForCurrentUser();
            using var api = VibeApi.SignedIn(store);
            await api.LogoutAsync(cancellationToken);
            Console.WriteLine($"Signed out of {api.Server}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command WhoAmI()
    {
        var json = new Option<bool>("--json") { Description = "Print the account as JSON" };
        var command = new Command("whoami", "Show who you are signed in as, and where") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var api = VibeApi.SignedIn(CredentialStore.ForCurrentUser());
            var body = await api.GetJsonAsync("/api/v1/auth/me", cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(body);
                return ExitCodes.Success;
            }

            var user = System.Text.Json.JsonSerializer.Deserialize(body, CliJson.Default.AccountUser)!;
            Console.WriteLine($"{user.DisplayName} <{user.Email}> on {api.Server}{(user.IsAdmin ? " (installation admin)" : "")}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int> LoginAsync(string? url, string? email, bool passwordFromStdin, CancellationToken cancellationToken)
    {
        var store = CredentialStore.ForCurrentUser();
        var server = url is { Length: > 0 } ? ParseServer(url) : store.Load()?.Server
            ?? throw new CliException("Give your Vibe server's address: `vibe login https://vibe.example.com`.");
        if (email is null)
        {
            email = passwordFromStdin || Console.IsInputRedirected
                ? throw new CliException("Give your email with --email: standard input carries the password or is not a terminal, so it cannot be asked for.")
                : Consoles.Error.Prompt(new TextPrompt<string>("Email:"));
        }

        string password;
        if (passwordFromStdin)
        {
            password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n') ?? "";
        }
        else if (Console.IsInputRedirected)
        {
            throw new CliException("Standard input is not a terminal: pass the password on standard input with --password-stdin.");
        }
        else
        {
            password = Consoles.Error.Prompt(new TextPrompt<string>("Password:").Secret());
        }

        if (password.Length == 0)
        {
            throw new CliException("The password is empty.");
        }

        var user = await VibeApi.LoginAsync(store, server, email.Trim(), password, cancellationToken);
        Console.WriteLine($"Signed in to {server} as {user.DisplayName} <{user.Email}>.");
        return ExitCodes.Success;
    }

    /// <summary>The server's root URL; "host:port" alone means http.</summary>
    internal static Uri ParseServer(string text)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            throw new CliException($"'{text}' is not a server address; give one like https://vibe.example.com or http://127.0.0.1:5000.");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }
}
