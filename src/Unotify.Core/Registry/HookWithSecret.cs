namespace Unotify.Core.Registry;

/// <summary>A hook with its plain secret: returned once at registration or rotation, and used for verification.</summary>
/// <param name="Hook">The hook.</param>
/// <param name="Secret">The shared secret in plain text. Never log it.</param>
public sealed record HookWithSecret(Hook Hook, string Secret)
{
    /// <inheritdoc />
    public override string ToString() => $"HookWithSecret {{ Hook = {Hook}, Secret = *** }}";
}
