namespace Unotify.Sdk;

/// <summary>The outcome of <see cref="IWebhookProvider.Verify"/>.</summary>
public enum SignatureVerification
{
    /// <summary>The request carries a signature made with the hook's secret over its exact body.</summary>
    Valid = 0,

    /// <summary>The request carries no signature (the header is absent or empty).</summary>
    MissingSignature = 1,

    /// <summary>The signature header is present but not in the provider's format (wrong prefix, not hex, wrong length).</summary>
    MalformedSignature = 2,

    /// <summary>The signature is well formed but was made with another secret or over another body.</summary>
    SignatureMismatch = 3,
}
