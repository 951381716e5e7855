namespace Unotify.Host.Api;

/// <summary>The answer to registering a hook or rotating its secret: the secret, shown this once, and the payload URL.</summary>
/// <param name="Secret">The shared secret to configure at the sender.</param>
/// <param name="Uri">The payload URL to configure at the sender.</param>
public sealed record HookSecretView(string Secret, string Uri);
