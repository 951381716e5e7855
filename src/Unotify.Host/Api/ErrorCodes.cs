namespace Unotify.Host.Api;

/// <summary>The <c>error_code</c> values of the HTTP API.</summary>
public static class ErrorCodes
{
    /// <summary>401: no or wrong admin token, or no token configured.</summary>
    public const string Unauthorized = "UNAUTHORIZED";

    /// <summary>400: the request body or query is not what the route expects.</summary>
    public const string InvalidRequest = "INVALID_REQUEST";

    /// <summary>404 or 400: no plugin provides the provider named.</summary>
    public const string UnknownProvider = "UNKNOWN_PROVIDER";

    /// <summary>404: no hook is registered for the provider and repo id.</summary>
    public const string HookNotFound = "HOOK_NOT_FOUND";

    /// <summary>409: the hook is registered already.</summary>
    public const string HookExists = "HOOK_EXISTS";

    /// <summary>401: the delivery carries no signature.</summary>
    public const string SignatureMissing = "SIGNATURE_MISSING";

    /// <summary>401: the signature header is not in the provider's format.</summary>
    public const string SignatureMalformed = "SIGNATURE_MALFORMED";

    /// <summary>401: the signature does not match the body and the hook's secret.</summary>
    public const string SignatureMismatch = "SIGNATURE_MISMATCH";

    /// <summary>413: the body is over 25 MB.</summary>
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";

    /// <summary>415: the content type is not JSON or a form.</summary>
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";

    /// <summary>400: the provider could not read the delivery.</summary>
    public const string MalformedPayload = "MALFORMED_PAYLOAD";

    /// <summary>503: the bodies being read already take the memory allowed for them (<c>UNOTIFY_BODY_MEMORY</c>).</summary>
    public const string BodyMemoryFull = "BODY_MEMORY_FULL";

    /// <summary>503: the host ran out of memory on the request (too small for what it was sent at once); retry later.</summary>
    public const string OutOfMemory = "OUT_OF_MEMORY";

    /// <summary>500: a provider plugin failed on a delivery (a bug in the plugin).</summary>
    public const string ProviderFailed = "PROVIDER_FAILED";

    /// <summary>503: Redis cannot be reached.</summary>
    public const string StoreUnavailable = "STORE_UNAVAILABLE";

    /// <summary>404: no worker of that name.</summary>
    public const string WorkerNotFound = "WORKER_NOT_FOUND";

    /// <summary>404: no dead letter with that id.</summary>
    public const string DeadLetterNotFound = "DEAD_LETTER_NOT_FOUND";

    /// <summary>404: no delivery with that id in the history.</summary>
    public const string DeliveryNotFound = "DELIVERY_NOT_FOUND";

    /// <summary>410: the delivery's payload is no longer kept, so it cannot be replayed.</summary>
    public const string PayloadGone = "PAYLOAD_GONE";

    /// <summary>A reload was refused: workers.yaml or a state file has errors; the configuration in force keeps running.</summary>
    public const string InvalidConfiguration = "INVALID_CONFIGURATION";

    /// <summary>500: Unotify failed on the request (a bug); the host's log has the details.</summary>
    public const string InternalError = "INTERNAL_ERROR";
}
