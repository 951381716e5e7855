namespace Unotify.Host.Api;

/// <summary>The answer to registering a hook or rotating its secret: the secret, shown this once, and where to send.</summary>
/// <param name="Secret">The shared secret to configure at the sender.</param>
/// <param name="Uri">The payload path, as the seed gives it: to put behind the address senders reach.</param>
/// <param name="Url">The whole payload URL to configure at the sender (see <see cref="PayloadAddress"/>).</param>
public sealed record HookSecretView(string Secret, string Uri, string Url);
