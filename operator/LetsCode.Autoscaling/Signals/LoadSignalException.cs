namespace LetsCode.Autoscaling.Signals;

/// <summary>A signal is present but malformed (e.g. an arrival counter that is not an integer): names the key.</summary>
public sealed class LoadSignalException(string message, Exception? inner = null) : Exception(message, inner);
