using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Vibe.Hosting;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Secrets;

internal static class SecretsServiceCollectionExtensions
{
    /// <summary>Where the Data Protection key ring lives when not in the database (a directory every web silo shares).</summary>
    public const string KeyRingDirectorySetting = "Vibe:Agent:KeyRingDirectory";

    private const string ApplicationName = "Vibe";

    /// <summary>
    /// ASP.NET Core Data Protection (it encrypts the teams' AI provider keys) with its key ring in the app database, or in
    /// Vibe:Agent:KeyRingDirectory, encrypted with Vibe:Secrets (a key-encryption key or a certificate; generated into the
    /// data directory when neither is set on a standalone installation). Pass <see cref="Check"/> to VibeHost.RunAsync.
    /// </summary>
    public static IServiceCollection AddSecrets(this IServiceCollection services, IConfiguration configuration, VibeHost host)
    {
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.SectionName);
        services.AddSingleton(sp => new KeyEncryptionKeys(sp.GetRequiredService<IOptions<SecretsOptions>>(), host.DataDirectory.Path, host.Cluster.IsEnabled));
        services.AddSingleton<IKeyRingStore>(sp => configuration[KeyRingDirectorySetting] is { Length: > 0 } directory
            ? new DirectoryXmlRepository(directory)
            : new DatabaseXmlRepository(sp.GetRequiredService<VibeDatabase>(), sp.GetRequiredService<TimeProvider>()));

        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        var options = configuration.GetSection(SecretsOptions.SectionName).Get<SecretsOptions>() ?? new SecretsOptions();
        string? problem = null;
        if (string.IsNullOrWhiteSpace(options.KeyEncryptionKey) && !string.IsNullOrWhiteSpace(options.KeyEncryptionCertificate))
        {
            problem = UseCertificate(dataProtection, options.KeyEncryptionCertificate, options.KeyEncryptionCertificatePassword);
        }
        else
        {
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
                o => o.XmlEncryptor = new KeyRingEncryptor(sp.GetRequiredService<KeyEncryptionKeys>())));
        }

        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlRepository = sp.GetRequiredService<IKeyRingStore>()));
        services.AddSingleton(new SecretsSetup(problem));
        services.AddHostedService<KeyRingRewrapper>();
        return services;
    }

    /// <summary>A check for VibeHost.RunAsync: the key-encryption key or certificate can be used; the problem in a sentence otherwise.</summary>
    public static string? Check(IServiceProvider services)
    {
        if (services.GetRequiredService<SecretsSetup>().Problem is { } problem)
        {
            return problem;
        }

        try
        {
            services.GetRequiredService<KeyEncryptionKeys>().Load();
            return null;
        }
        catch (VibeStartupException invalid)
        {
            return invalid.Message;
        }
    }

    private static string? UseCertificate(IDataProtectionBuilder dataProtection, string path, string? password)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
            {
                return $"Vibe:Secrets:KeyEncryptionCertificate ({path}) must hold an RSA certificate with its private key.";
            }

            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
            return null;
        }
        catch (Exception failed) when (failed is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return $"Vibe:Secrets:KeyEncryptionCertificate ({path}) cannot be read: {failed.Message.TrimEnd('.')}. Give a PFX file with the private key (and Vibe:Secrets:KeyEncryptionCertificatePassword).";
        }
    }

    /// <summary>What went wrong while reading the configured certificate, reported by <see cref="Check"/>.</summary>
    private sealed record SecretsSetup(string? Problem);
}
