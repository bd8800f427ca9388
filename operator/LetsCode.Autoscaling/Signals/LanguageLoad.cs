using LetsCode.Autoscaling.Forecasting;

namespace LetsCode.Autoscaling.Signals;

/// <summary>What the scaler knows about one language's load at one moment.</summary>
/// <param name="Backlog">Submissions queued and not yet turned into Submission resources (lag + pending of the group).</param>
/// <param name="MeanJudgeDuration">Mean judge duration, or null when nothing was judged yet.</param>
public sealed record LanguageLoad(ArrivalHistory Arrivals, long Backlog, TimeSpan? MeanJudgeDuration);
