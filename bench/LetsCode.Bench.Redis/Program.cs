using System.Diagnostics;
using System.Globalization;
using LetsCode.Redis;
using LetsCode.Testing.Redis;

// Usage: dotnet run -c Release --project bench/LetsCode.Bench.Redis -- [--ops 200000] [--tasks 50] [--redis host:port]
// Without --redis it starts /usr/bin/redis-server on a free loopback port.
var ops = IntOption(args, "--ops", 200_000);
var tasks = IntOption(args, "--tasks", 50);
var endPoint = StringOption(args, "--redis");

// The same fixture the tests use (tests/LetsCode.Testing): scratch directory, cleanup of crashed runs.
await using var server = endPoint is null ? await RedisServer.StartAsync() : null;
await using var client = await RedisClient.ConnectAsync(endPoint ?? server!.ConnectionString);

Console.WriteLine($"ops={ops} tasks={tasks} cores={Environment.ProcessorCount} runtime={Environment.Version}");

// Warm-up: JIT and socket buffers.
await RunAsync(client, 20_000, tasks, (c, _) => c.IncrementAsync("bench:warmup"));

await ReportAsync("PING, 1 task (round-trip latency bound)", Math.Min(ops, 20_000), 1, (c, _) => c.PingAsync());
await ReportAsync($"INCR, {tasks} tasks, one multiplexed socket", ops, tasks, (c, _) => c.IncrementAsync("bench:counter"));
var counter = (await client.GetAsync("bench:counter")).ToInt64();
Console.WriteLine($"  check: counter={counter} (expected {ops})");
await ReportAsync($"XADD (2 fields, MAXLEN ~ 100000), {tasks} tasks", ops, tasks,
    (c, i) => c.StreamAddAsync("bench:stream", [new("submission", i), new("language", "python3")], maxLengthApprox: 100_000));
await DrainStreamAsync("bench:stream");
await ReportAsync($"SET 1 KiB value, {tasks} tasks", ops, tasks, (c, i) => c.SetAsync("bench:value:" + (i % 1000), new byte[1024]));

// What a dispatcher does: read a batch through a consumer group, then acknowledge it.
async Task DrainStreamAsync(string stream)
{
    await client.StreamCreateGroupAsync(stream, "bench", "0");
    var total = await client.StreamLengthAsync(stream);
    var consumed = 0L;
    var watch = Stopwatch.StartNew();
    while (true)
    {
        var batch = await client.StreamReadGroupAsync(stream, "bench", "consumer-1", count: 500);
        if (batch.Count == 0)
        {
            break;
        }

        await client.StreamAckAsync(stream, "bench", batch.Select(e => e.Id).ToList());
        consumed += batch.Count;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"XREADGROUP COUNT 500 + XACK, 1 consumer: {consumed / watch.Elapsed.TotalSeconds,10:N0} entries/s  ({consumed} of {total} entries in {watch.Elapsed.TotalSeconds:F2} s)"));
}

async Task ReportAsync(string name, int count, int concurrency, Func<RedisClient, int, Task> operation)
{
    var (elapsed, latencies) = await RunAsync(client, count, concurrency, operation);
    latencies.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: {count / elapsed.TotalSeconds,10:N0} ops/s  p50 {Percentile(latencies, 0.50):F3} ms  p99 {Percentile(latencies, 0.99):F3} ms  ({elapsed.TotalSeconds:F2} s)"));
}

static async Task<(TimeSpan Elapsed, List<double> LatenciesMs)> RunAsync(RedisClient client, int count, int concurrency, Func<RedisClient, int, Task> operation)
{
    var next = -1;
    var perTask = new List<double>[concurrency];
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(t => Task.Run(async () =>
    {
        var latencies = perTask[t] = new List<double>(count / concurrency + 1);
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(client, i);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    })));
    return (watch.Elapsed, perTask.SelectMany(l => l).ToList());
}

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, p * sorted.Count)];

static int IntOption(string[] args, string name, int fallback)
{
    var value = StringOption(args, name);
    return value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
}

static string? StringOption(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
