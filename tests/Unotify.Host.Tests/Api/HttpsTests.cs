using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Unotify.Host.Hosting;
using Unotify.Host.Tests.Support;
using Unotify.Testing.Redis;

namespace Unotify.Host.Tests.Api;

public sealed class HttpsTests
{
    [Fact]
    public async Task Serves_https_with_the_certificate_named_in_Kestrel_configuration()
    {
        using var directory = new TemporaryDirectory();
        using var certificate = SelfSigned();
        var certificatePath = Path.Combine(directory.Path, "cert.pem");
        var keyPath = Path.Combine(directory.Path, "key.pem");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
        using (var key = certificate.GetRSAPrivateKey()!)
        {
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        }

        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions
        {
            Role = HostRole.Serve,
            Urls = "https://127.0.0.1:0",
            ExtraArguments = ["--Kestrel:Certificates:Default:Path", certificatePath, "--Kestrel:Certificates:Default:KeyPath", keyPath],
        });
        using var handler = new HttpClientHandler
        {
            // Trust exactly the certificate this test made, nothing else.
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        };
        using var client = new HttpClient(handler) { BaseAddress = host.Host.BaseAddress };

        host.Host.BaseAddress!.Scheme.Should().Be("https");
        (await client.GetStringAsync(new Uri("/conduit/ping", UriKind.Relative))).Should().Be("pong");
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }
}
