using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vig.Infrastructure.Webhooks;

/// <summary>
/// The Standard Webhooks signature: "v1," and the base64 HMAC-SHA256, keyed with the secret's
/// base64 part (after "whsec_"), over "{webhook-id}.{webhook-timestamp}.{body}".
/// </summary>
public static class WebhookSignature
{
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        var signed = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
