namespace LetsCode.Api.Processing;

/// <summary>Set once migrations, samples and queue recovery are done (/readyz).</summary>
public sealed class StartupState
{
    private volatile bool ready;

    public bool Ready => ready;

    public void MarkReady() => ready = true;
}
