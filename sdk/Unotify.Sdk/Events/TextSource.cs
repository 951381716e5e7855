namespace Unotify.Sdk;

/// <summary>Where in a delivery an <see cref="EventText"/> came from.</summary>
public enum TextSource
{
    /// <summary>Anything not listed below.</summary>
    Other = 0,

    /// <summary>A pull or merge request's title.</summary>
    Title = 1,

    /// <summary>A pull or merge request's description.</summary>
    Body = 2,

    /// <summary>The name of the branch the change was made on.</summary>
    Branch = 3,

    /// <summary>One commit message.</summary>
    CommitMessage = 4,

    /// <summary>A release's name.</summary>
    ReleaseName = 5,

    /// <summary>A release's notes.</summary>
    ReleaseNotes = 6,
}
