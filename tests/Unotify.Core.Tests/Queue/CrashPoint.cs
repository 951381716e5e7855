using StackExchange.Redis;

namespace Unotify.Core.Tests.Queue;

/// <summary>
/// Cuts a Lua script short after its n-th write, as a crash of the store between two of the script's logged writes
/// would: the embedded Garnet persists a script's writes one by one, so after a crash any prefix of them may be all
/// that is left. The writes before the cut stay (a Lua error rolls nothing back); the script then fails with
/// <see cref="Message"/>.
/// </summary>
internal static class CrashPoint
{
    /// <summary>The error a cut script fails with.</summary>
    public const string Message = "unotify crash point";

    private static readonly string[] WriteCommands =
        ["SET", "DEL", "UNLINK", "ZADD", "ZREM", "HSET", "HMSET", "HDEL", "HINCRBY", "INCR", "INCRBY", "DECR", "PEXPIRE", "EXPIRE", "PERSIST", "RENAME", "SADD", "SREM", "LPUSH", "RPUSH"];

    /// <summary><paramref name="script"/>, ending with an error before its write number <paramref name="writes"/> + 1.</summary>
    /// <param name="writes">How many of its writes the script makes before the cut.</param>
    /// <param name="script">The script.</param>
    /// <returns>The cut script.</returns>
    public static string After(int writes, string script) =>
        $$"""
        local unotify_real = redis
        local unotify_writes = 0
        local unotify_write = { {{string.Join(", ", WriteCommands.Select(command => command + " = true"))}} }
        local redis = setmetatable({ call = function(command, ...)
          if unotify_write[string.upper(command)] then
            if unotify_writes == {{writes}} then return error('{{Message}} {{writes}}') end
            unotify_writes = unotify_writes + 1
          end
          return unotify_real.call(command, ...)
        end }, { __index = unotify_real })
        """ + "\n" + script;

    /// <summary>Whether <paramref name="exception"/> is a cut script's failure.</summary>
    /// <param name="exception">What a store call threw.</param>
    /// <returns><see langword="true"/> for the crash point's error.</returns>
    public static bool IsCut(Exception exception) =>
        exception is RedisServerException && exception.Message.Contains(Message, StringComparison.Ordinal);

    /// <summary>
    /// Runs <paramref name="step"/> on <paramref name="store"/> with the scripts <paramref name="cutting"/> picks cut after
    /// <paramref name="writes"/> writes; <see langword="true"/> when a cut was reached.
    /// </summary>
    /// <param name="store">The store whose scripts are cut.</param>
    /// <param name="writes">How many writes each picked script makes before its cut.</param>
    /// <param name="cutting">Picks the scripts to cut, by their text.</param>
    /// <param name="step">The step under test.</param>
    /// <returns>Whether the step was cut.</returns>
    public static async Task<bool> RunAsync(Unotify.Core.Storage.RedisStore store, int writes, Func<string, bool> cutting, Func<Task> step)
    {
        store.ScriptText = text => cutting(text) ? After(writes, text) : text;
        try
        {
            await step();
            return false;
        }
        catch (Exception exception) when (IsCut(exception))
        {
            return true;
        }
        finally
        {
            store.ScriptText = static text => text;
        }
    }
}
