namespace Unotify.Plugins.Hmac;

/// <summary>The hash function of the sender's HMAC (<c>algorithm:</c>).</summary>
public enum HmacAlgorithm
{
    /// <summary>HMAC-SHA1 (20 bytes); only for senders that offer nothing stronger.</summary>
    Sha1 = 1,

    /// <summary>HMAC-SHA256 (32 bytes), the default.</summary>
    Sha256 = 2,

    /// <summary>HMAC-SHA512 (64 bytes).</summary>
    Sha512 = 3,
}
