using Microsoft.Extensions.Options;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Email;

internal static class EmailServiceCollectionExtensions
{
    /// <summary>The outbox that sends email through Vibe:Email (a background service); checked at startup.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.SectionName)
            .Validate(o => !o.IsEnabled || !string.IsNullOrWhiteSpace(o.From), "Vibe:Email:From (the sender address) must be set with Vibe:Email:Host.")
            .Validate(o => o.Port is > 0 and < 65536, "Vibe:Email:Port must be a TCP port (1 to 65535).")
            .Validate(o => o.Timeout > TimeSpan.Zero, "Vibe:Email:Timeout must be positive.")
            .ValidateOnStart();
        services.AddOptions<WebOptions>()
            .Validate<IOptions<EmailOptions>>(
                (web, email) => !email.Value.IsEnabled || web.Link("") is not null,
                "Vibe:Web:PublicUrl (the address people open Vibe at, e.g. https://vibe.example.com) must be set with Vibe:Email:Host: emails link to it.");
        services.AddSingleton<EmailOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<EmailOutbox>());
        return services;
    }
}
