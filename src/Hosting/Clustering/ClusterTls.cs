using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Vibe.Hosting.Clustering;

/// <summary>
/// The "Vibe:Cluster:Tls" section: the certificate every member of the cluster presents on its silo (and gateway)
/// connections. When set, silo-to-silo and gateway traffic is TLS both ways (Microsoft.Orleans.Connections.Security), and
/// a peer must present the same certificate: it is the cluster's shared credential, so a process without it can neither
/// join nor listen in. Required when members talk across machines (docs/cluster.md).
/// </summary>
public sealed class ClusterTlsSettings
{
    /// <summary>A PKCS#12 (.pfx) file holding the certificate and its private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Instead of a file: the subject name of a certificate with a private key in the current user's "My" store.</summary>
    public string? Subject { get; set; }

    /// <summary>Whether any of the section is set.</summary>
    public bool IsSet => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(Subject);

    /// <summary>Loads the certificate; the problem, as a sentence a person can act on, when it cannot be used.</summary>
    internal (X509Certificate2? Certificate, string? Problem) Load()
    {
        if (!string.IsNullOrWhiteSpace(CertificatePath) && !string.IsNullOrWhiteSpace(Subject))
        {
            return (null, "Vibe:Cluster:Tls sets both CertificatePath and Subject; give one of them.");
        }

        X509Certificate2? certificate;
        if (!string.IsNullOrWhiteSpace(CertificatePath))
        {
            if (!File.Exists(CertificatePath))
            {
                return (null, $"Vibe:Cluster:Tls:CertificatePath '{CertificatePath}' does not exist; give a .pfx file with the cluster's certificate and private key.");
            }

            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword);
            }
            catch (CryptographicException unreadable)
            {
                return (null, $"Vibe:Cluster:Tls:CertificatePath '{CertificatePath}' cannot be read as a .pfx file with Vibe:Cluster:Tls:CertificatePassword ({unreadable.Message}).");
            }
        }
        else
        {
            using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
            store.Open(OpenFlags.ReadOnly);
            certificate = store.Certificates.Find(X509FindType.FindBySubjectName, Subject!, validOnly: false).FirstOrDefault(c => c.HasPrivateKey);
            if (certificate is null)
            {
                return (null, $"Vibe:Cluster:Tls:Subject '{Subject}' names no certificate with a private key in the current user's My store.");
            }
        }

        return certificate.HasPrivateKey
            ? (certificate, null)
            : (null, "The certificate of Vibe:Cluster:Tls has no private key; export it with its key (a .pfx file).");
    }

    /// <summary>Mutual TLS with <paramref name="certificate"/>: presented both ways, and the only certificate accepted from a peer.</summary>
    internal static void Configure(TlsOptions tls, X509Certificate2 certificate)
    {
        tls.LocalCertificate = certificate;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (remote, _, _) => remote.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span);
        tls.OnAuthenticateAsClient = (_, client) => client.TargetHost = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
    }
}
