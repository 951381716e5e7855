namespace Unotify.Plugins.Hmac;

/// <summary>How the sender writes the HMAC bytes into its header (<c>encoding:</c>).</summary>
public enum SignatureEncoding
{
    /// <summary>Hexadecimal digits, either case (the default).</summary>
    Hex = 1,

    /// <summary>Standard base64 with padding.</summary>
    Base64 = 2,
}
