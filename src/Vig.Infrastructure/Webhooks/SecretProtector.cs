using System.Security.Cryptography;
using System.Text;

namespace Vig.Infrastructure.Webhooks;

/// <summary>
/// Encrypts signing secrets at rest with AES-256-GCM under a key kept outside the database
/// (Webhooks__SecretKey): a copy of the database alone cannot sign deliveries. The subscription id
/// is bound in as associated data, so a secret cannot be moved to another subscription's row.
/// </summary>
internal sealed class SecretProtector(byte[]? key)
{
    public bool HasKey => key is not null;

    public byte[] Protect(string secret, Guid subscriptionId)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var output = new byte[12 + 16 + plain.Length];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(Key, 16);
        aes.Encrypt(output.AsSpan(0, 12), plain, output.AsSpan(28), output.AsSpan(12, 16), subscriptionId.ToByteArray());
        return output;
    }

    public string Unprotect(byte[] cipher, Guid subscriptionId)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        var plain = new byte[cipher.Length - 28];
        using var aes = new AesGcm(Key, 16);
        aes.Decrypt(cipher.AsSpan(0, 12), cipher.AsSpan(28), cipher.AsSpan(12, 16), plain, subscriptionId.ToByteArray());
        return Encoding.UTF8.GetString(plain);
    }

    private byte[] Key => key ?? throw new InvalidOperationException("Webhooks__SecretKey is not set.");

    /// <summary>The key from the settings: SecretKey, else SecretKeyFile (created on first use), else none.</summary>
    public static SecretProtector From(WebhookOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SecretKey is { Length: > 0 } text)
        {
            var key = Convert.FromBase64String(text);
            return key.Length == 32 ? new SecretProtector(key) : throw new InvalidOperationException("Webhooks__SecretKey must be the base64 of 32 bytes, e.g. from: openssl rand -base64 32");
        }

        if (options.SecretKeyFile is { Length: > 0 } file)
        {
            var path = Path.GetFullPath(file, contentRoot);
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            return new SecretProtector(Convert.FromBase64String(File.ReadAllText(path).Trim()));
        }

        return new SecretProtector(null);
    }
}
