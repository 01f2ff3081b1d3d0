using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vibe.TestSupport;
using Xunit.Abstractions;

namespace Vibe.Silo.Tests;

/// <summary>
/// With Vibe:Cluster:Tls, silos speak TLS to each other with the cluster's certificate: two silos holding it form a cluster
/// (a joining silo checks it can reach the others before it becomes active), their silo port answers a TLS handshake with that
/// certificate, and a peer presenting another certificate is dropped.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ClusterTlsTests(ClusterServers servers, ITestOutputHelper output)
{
    private const string Password = "cluster-test-password";
    private static readonly TimeSpan JoinBound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Two_silos_with_the_cluster_certificate_form_a_cluster_over_TLS_and_refuse_another_certificate()
    {
        using var directory = new TempDirectory();
        using var certificate = SelfSigned("CN=vibe-cluster-test");
        using var stranger = SelfSigned("CN=vibe-cluster-test");
        var path = Path.Combine(directory.Path, "cluster.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, Password));
        var settings = await servers.NewClusterSettingsAsync("Redis");
        settings["Vibe__Cluster__Tls__CertificatePath"] = path;
        settings["Vibe__Cluster__Tls__CertificatePassword"] = Password;
        await using var cluster = new LocalCluster(settings);
        try
        {
            var first = await cluster.StartMemberAsync("tls-a");
            var second = await cluster.StartMemberAsync("tls-b");
            await Eventually.Until(
                async () => (await first.ReadinessAsync())?.ActiveSilos == 2 && (await second.ReadinessAsync())?.ActiveSilos == 2,
                "both TLS silos report 2 active silos",
                JoinBound);

            // The silo port speaks TLS with the cluster's certificate, and it drops a peer that presents another one.
            var (presented, _) = await HandshakeAsync(second.SiloPort, certificate);
            Assert.Equal(certificate.Thumbprint, presented);
            var (_, dropped) = await HandshakeAsync(second.SiloPort, stranger);
            Assert.True(dropped, "a peer with another certificate was kept connected");
        }
        catch (Exception failure)
        {
            cluster.KeepLogs();
            output.WriteLine($"FAILED: {failure.Message}");
            output.WriteLine(cluster.Describe());
            throw;
        }
    }

    /// <summary>Opens a TLS connection to the silo port presenting <paramref name="clientCertificate"/>; returns the server's certificate and whether the silo then closed the connection.</summary>
    private static async Task<(string? ServerThumbprint, bool Dropped)> HandshakeAsync(int port, X509Certificate2 clientCertificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var tls = new SslStream(tcp.GetStream());
        string? serverThumbprint = null;
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "vibe-cluster-test",
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = (_, server, _, _) =>
                {
                    serverThumbprint = server?.GetCertHashString();
                    return true;
                },
            });
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
        {
            return (serverThumbprint, true);
        }

        // Accepted, the silo waits for Orleans' preamble; refused, it closes the connection (seen at the next read in TLS 1.3).
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            var read = await tls.ReadAsync(new byte[1], wait.Token);
            return (serverThumbprint, read == 0);
        }
        catch (OperationCanceledException)
        {
            return (serverThumbprint, false);
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
        {
            return (serverThumbprint, true);
        }
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
    }
}
