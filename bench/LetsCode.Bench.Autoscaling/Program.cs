using System.Globalization;
using LetsCode.Autoscaling.Forecasting;
using LetsCode.Autoscaling.Planning;
using LetsCode.Bench.Autoscaling;

// Replays a synthetic contest day (ContestDay) through the autoscaler's forecaster, planner and stabilizer, and
// through fixed pools, in the operator's pool model (PoolSimulation). Deterministic for a seed.
//   dotnet run -c Release --project bench/LetsCode.Bench.Autoscaling -- [--seed 1] [--startup 10] [--judge 2] [--min 2] [--max 800] [--delay 300] [--tick 15]
var arguments = ParseArguments(args);
var seed = (int)arguments.GetValueOrDefault("seed", 1);
var startup = TimeSpan.FromSeconds(arguments.GetValueOrDefault("startup", 10));
var judge = TimeSpan.FromSeconds(arguments.GetValueOrDefault("judge", 2));
var min = (int)arguments.GetValueOrDefault("min", 2);
var max = (int)arguments.GetValueOrDefault("max", 800);
var delay = TimeSpan.FromSeconds(arguments.GetValueOrDefault("delay", 300));
var tick = TimeSpan.FromSeconds(arguments.GetValueOrDefault("tick", 15));

var random = new Random(seed);
var arrivals = Enumerable.Range(0, ContestDay.Seconds).Select(s => Poisson(random, ContestDay.Rate(s))).ToArray();
var total = arrivals.Sum();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Contest day: {total:N0} submissions (peak 50/s), pod start-up {startup.TotalSeconds:0} s, judge {judge.TotalSeconds:0} s, pool [{min}, {max}], scale-down delay {delay.TotalSeconds:0} s, autoscaler pass every {tick.TotalSeconds:0} s, seed {seed}"));
Console.WriteLine();
Console.WriteLine("| strategy | warm | cold starts | pod-minutes | pod-minutes per 1,000 submissions | peak pods |");
Console.WriteLine("|---|---|---|---|---|---|");
Report($"fixed at min ({min})", Fixed(min));
Report($"fixed at max ({max})", Fixed(max));
var autoscaled = Autoscaled(startup);
Report("autoscaler (lambda x S, this library)", autoscaled);
Report("autoscaler sized by lambda x W (judge time)", Autoscaled(judge));

var atSteps = autoscaled.ColdPerMinute[(14 * 60)..((14 * 60) + 1)].Sum() + autoscaled.ColdPerMinute[((15 * 60) + 45)..((15 * 60) + 46)].Sum();
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Autoscaler cold starts in the first minute of the contest (14:00) and of its final burst (15:45): {atSteps:N0} of {autoscaled.Submissions - autoscaled.Warm:N0}."));

void Report(string name, PoolSimulation pool) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {name} | {100.0 * pool.Warm / pool.Submissions:0.00} % | {pool.Submissions - pool.Warm:N0} | {pool.PodSeconds / 60:N0} | {pool.PodSeconds / 60 / (pool.Submissions / 1000.0):N1} | {pool.PeakPods:N0} |"));

PoolSimulation Fixed(int target)
{
    var pool = new PoolSimulation(max, startup, judge, delay);
    for (var s = 0; s < ContestDay.Seconds; s++)
    {
        pool.Step(s, arrivals[s], target);
    }

    return pool;
}

// plannedStartup: the replenishment time the planner is told (the real one, or the judge time for the ablation).
PoolSimulation Autoscaled(TimeSpan plannedStartup)
{
    var pool = new PoolSimulation(max, startup, judge, delay);
    var forecaster = new HoltForecaster();
    var planner = new CapacityPlanner();
    var stabilizer = new ScaleDownStabilizer();
    var bounds = new PoolBounds(min, max, delay);
    var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    var perMinute = new long[ContestDay.Seconds / 60];
    var target = min;
    var every = Math.Max(1, (int)tick.TotalSeconds);
    for (var s = 0; s < ContestDay.Seconds; s++)
    {
        if (s % every == 0)
        {
            var minute = s / 60;
            var first = Math.Max(0, minute - 60);
            var partial = perMinute[minute];
            var history = new ArrivalHistory(first, perMinute[first..minute], partial, TimeSpan.FromSeconds(s - (minute * 60)));
            var forecast = forecaster.Forecast(history, plannedStartup);
            var plan = planner.Plan(forecast.ArrivalsPerSecond, plannedStartup, judge, 0, bounds);
            target = stabilizer.Decide(start.AddSeconds(s), target, plan.Recommended, bounds);
        }

        pool.Step(s, arrivals[s], target);
        perMinute[s / 60] += arrivals[s];
    }

    return pool;
}

static int Poisson(Random random, double lambda)
{
    if (lambda > 30)
    {
        // Normal approximation (Box-Muller) for large means.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Max(0, (int)Math.Round(lambda + (z * Math.Sqrt(lambda))));
    }

    var limit = Math.Exp(-lambda);
    var k = 0;
    var p = random.NextDouble();
    while (p > limit)
    {
        k++;
        p *= random.NextDouble();
    }

    return k;
}

static Dictionary<string, double> ParseArguments(string[] args)
{
    var result = new Dictionary<string, double>(StringComparer.Ordinal);
    for (var i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length
            || !double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new ArgumentException($"Usage: --seed N --startup SECONDS --judge SECONDS --min N --max N --delay SECONDS --tick SECONDS (bad: '{args[i]}').");
        }

        result[args[i][2..]] = value;
        i++;
    }

    return result;
}
