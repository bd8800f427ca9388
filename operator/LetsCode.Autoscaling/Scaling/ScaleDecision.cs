using LetsCode.Autoscaling.Forecasting;
using LetsCode.Autoscaling.Planning;

namespace LetsCode.Autoscaling.Scaling;

/// <summary>What one pass decided for one pool; <see cref="Written"/> when spec.replicas was changed through the scale subresource.</summary>
public sealed record ScaleDecision(
    string Pool, string Language, int Current, int Target, bool Written, LoadForecast Forecast, CapacityPlan Plan, long Backlog);
