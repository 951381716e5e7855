using System.Security.Cryptography;
using Unotify.Core.Storage;

namespace Unotify.Core.Security;

/// <summary>
/// Finds the key that encrypts secrets at rest: <see cref="StoreOptions.SecretKey"/>; else, in embedded mode, the key
/// generated once into <c>&lt;data&gt;/secret.key</c>; else (external Redis) a start-up error.
/// </summary>
internal static class SecretKeySource
{
    public const string KeyFileName = "secret.key";

    public static byte[] Resolve(StoreOptions options)
    {
        if (options.SecretKey is { } configured)
        {
            return Decode(configured, "UNOTIFY_SECRET_KEY");
        }

        if (options.ConnectionString is not null)
        {
            throw new StoreConfigurationException(
                "UNOTIFY_SECRET_KEY is not set. With an external Redis (UNOTIFY_REDIS), hook secrets are encrypted with a key you provide: "
                + "set UNOTIFY_SECRET_KEY to the base64 of 32 random bytes, e.g. the output of `openssl rand -base64 32`, and keep it the same on every replica.");
        }

        Directory.CreateDirectory(options.DataDirectory);
        var path = Path.Combine(options.DataDirectory, KeyFileName);
        if (File.Exists(path))
        {
            return Decode(File.ReadAllText(path).Trim(), path);
        }

        var key = RandomNumberGenerator.GetBytes(SecretCipher.KeySize);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, fileOptions))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        return key;
    }

    private static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException exception)
        {
            throw new StoreConfigurationException(
                $"{source} is not valid base64. It must be the base64 of 32 random bytes, e.g. the output of `openssl rand -base64 32`.", exception);
        }

        if (key.Length != SecretCipher.KeySize)
        {
            throw new StoreConfigurationException(
                $"{source} decodes to {key.Length} bytes; it must be the base64 of exactly 32 bytes, e.g. the output of `openssl rand -base64 32`.");
        }

        return key;
    }
}
