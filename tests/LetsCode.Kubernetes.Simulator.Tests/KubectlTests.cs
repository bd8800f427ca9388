using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Tests;

/// <summary>
/// A real client we did not write (kubectl 1.32 from /usr/bin, and 1.35 from .tools when installed) against the
/// simulator: discovery, apply, get, delete, exec and scale must all work as they do against a cluster.
/// </summary>
public sealed class KubectlTests
{
    public static IEnumerable<object[]> Binaries() => Kubectl.Binaries();

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task Applies_crds_and_custom_resources_then_gets_and_deletes_them(string binary)
    {
        await using var simulator = await KubernetesSimulator.StartAsync();
        using var kubectl = new Kubectl(binary, simulator);

        await kubectl.SucceedAsync($"apply -f {Kubectl.Fixture("crds")}");
        await kubectl.SucceedAsync("wait --for=condition=Established crd/submissions.letscode.dev --timeout=10s");
        await kubectl.SucceedAsync($"apply -f {Kubectl.Fixture("resources/namespace.yaml")}");
        // kubectl asks for strict field validation by default: the fixture's unknown field is refused...
        var strict = await kubectl.RunAsync($"apply -f {Kubectl.Fixture("resources/submission.yaml")}");
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("strict decoding error: unknown field \"spec.unknownField\"", strict.Stderr);
        Assert.Contains("testpool.letscode.dev/pool created", strict.Stdout);

        // ...and with --validate=warn it is pruned with a warning.
        var applied = await kubectl.SucceedAsync($"apply --validate=warn -f {Kubectl.Fixture("resources/submission.yaml")}");
        Assert.Contains("submission.letscode.dev/a-plus-b created", applied.Stdout);
        Assert.Contains("Warning: unknown field \"spec.unknownField\"", applied.Stderr);
        var version = (await kubectl.SucceedAsync("get submission a-plus-b -n judge -o jsonpath={.metadata.resourceVersion}")).Stdout;

        // The pruned field makes kubectl patch again (as with a real server), and the server sees nothing to
        // change: no new resourceVersion.
        var again = await kubectl.SucceedAsync($"apply --validate=warn -f {Kubectl.Fixture("resources/submission.yaml")}");
        Assert.Contains("submission.letscode.dev/a-plus-b configured", again.Stdout);
        Assert.Contains("testpool.letscode.dev/pool unchanged", again.Stdout);
        Assert.Equal(version, (await kubectl.SucceedAsync("get submission a-plus-b -n judge -o jsonpath={.metadata.resourceVersion}")).Stdout);

        var table = await kubectl.SucceedAsync("get submissions -n judge");
        Assert.Matches(@"NAME\s+LANGUAGE\s+PHASE\s+AGE\s*\na-plus-b\s+python3\s+\d+s", table.Stdout);
        var byShortName = await kubectl.SucceedAsync("get sub a-plus-b -n judge -o name");
        Assert.Equal("submission.letscode.dev/a-plus-b", byShortName.Stdout.Trim());

        var json = JsonNode.Parse((await kubectl.SucceedAsync("get submission a-plus-b -n judge -o json")).Stdout)!;
        Assert.Equal("python3", json["spec"]!["language"].Str());
        Assert.Equal(0, (int)json["spec"]!["priority"]!); // schema default applied
        Assert.Null(json["spec"]!["unknownField"]); // pruned
        Assert.Equal("python3", json["metadata"]!["labels"]!["letscode.dev/language"].Str());

        var yaml = await kubectl.SucceedAsync("get submission a-plus-b -n judge -o yaml");
        Assert.Contains("kind: Submission", yaml.Stdout);

        var selected = await kubectl.SucceedAsync("get submissions -A -l letscode.dev/language=python3 -o name");
        Assert.Equal("submission.letscode.dev/a-plus-b", selected.Stdout.Trim());

        var deleted = await kubectl.SucceedAsync("delete submission a-plus-b -n judge");
        Assert.Contains("deleted", deleted.Stdout);
        var missing = await kubectl.RunAsync("get submission a-plus-b -n judge");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("NotFound", missing.Stderr);
        Assert.Contains("submissions.letscode.dev \"a-plus-b\" not found", missing.Stderr);
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task Rejects_custom_resources_that_break_the_schema(string binary)
    {
        await using var simulator = await KubernetesSimulator.StartAsync();
        using var kubectl = new Kubectl(binary, simulator);
        await kubectl.SucceedAsync($"apply -f {Kubectl.Fixture("crds/submissions.yaml")}");

        var invalid = await kubectl.RunAsync("apply -f -", """
            apiVersion: letscode.dev/v1alpha1
            kind: Submission
            metadata: { name: bad, namespace: default }
            spec: { language: cobol, priority: "high" }
            """);

        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("The Submission \"bad\" is invalid", invalid.Stderr);
        Assert.Contains("spec.source: Required value", invalid.Stderr);
        Assert.Contains("spec.language: Unsupported value: \"cobol\"", invalid.Stderr);
        Assert.Contains("spec.priority: Invalid value: \"string\"", invalid.Stderr);
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task Applies_the_shipped_crds_directory(string binary)
    {
        var crds = Path.Combine(Kubectl.RepositoryRoot(), "crds");
        Assert.True(Directory.Exists(crds), "crds/ is missing");
        await using var simulator = await KubernetesSimulator.StartAsync();
        using var kubectl = new Kubectl(binary, simulator);

        await kubectl.SucceedAsync($"apply -f {crds}");
        var crdNames = await kubectl.SucceedAsync("get crd -o name");
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/submissions.letscode.dev", crdNames.Stdout);

        var samples = Path.Combine(crds, "samples");
        if (!Directory.Exists(samples)) return;
        foreach (var ns in Directory.EnumerateFiles(samples, "*.yaml").SelectMany(File.ReadLines)
                     .Where(l => l.TrimStart().StartsWith("namespace:", StringComparison.Ordinal))
                     .Select(l => l.Split(':', 2)[1].Trim()).Distinct())
        {
            await kubectl.SucceedAsync("apply -f -", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n");
        }

        await kubectl.SucceedAsync($"apply -f {samples}");
        var all = await kubectl.SucceedAsync("get submissions,warmpools -A -o name");
        Assert.Contains("submission.letscode.dev/", all.Stdout);
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task Execs_with_exit_codes_and_piped_stdin(string binary)
    {
        var handler = new ScriptedExecHandler();
        await using var simulator = await KubernetesSimulator.StartAsync(new SimulatorOptions
        {
            ExecHandler = handler,
            PodStartDelay = TimeSpan.FromMilliseconds(50),
        });
        using var kubectl = new Kubectl(binary, simulator);
        await kubectl.SucceedAsync($"apply -f {Kubectl.Fixture("resources/namespace.yaml")}");
        await kubectl.SucceedAsync($"apply -f {Kubectl.Fixture("resources/pod.yaml")}");
        await kubectl.SucceedAsync("wait --for=condition=Ready pod/sandbox -n judge --timeout=20s");

        var pods = await kubectl.SucceedAsync("get pods -n judge -o wide");
        Assert.Matches(@"sandbox\s+1/1\s+Running\s+0\s+\d+s\s+10\.244\.\S+\s+letscode-simulated-node", pods.Stdout);

        var echo = await kubectl.SucceedAsync("exec -n judge sandbox -- echo hello simulator");
        Assert.Equal("hello simulator\n", echo.Stdout);

        var stdin = string.Join("\n", Enumerable.Range(0, 2000).Select(i => $"line {i}")) + "\n";
        var cat = await kubectl.SucceedAsync("exec -i -n judge sandbox -c runner -- cat", stdin);
        Assert.Equal(stdin, cat.Stdout);

        var failed = await kubectl.RunAsync("exec -n judge sandbox -- exit 3");
        Assert.Equal(3, failed.ExitCode);
        Assert.Contains("exiting with 3", failed.Stderr);
        Assert.Contains("command terminated with exit code 3", failed.Stderr);

        lock (handler.Calls)
        {
            Assert.All(handler.Calls, c => Assert.Equal(("judge", "sandbox", "runner"), (c.Namespace, c.Pod, c.Container)));
        }
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task Scales_through_the_scale_subresource(string binary)
    {
        await using var simulator = await KubernetesSimulator.StartAsync();
        using var kubectl = new Kubectl(binary, simulator);
        await kubectl.SucceedAsync($"apply -f {Kubectl.Fixture("crds/pools.yaml")}");
        await kubectl.SucceedAsync($"apply -f {Kubectl.Fixture("resources/namespace.yaml")}");
        await kubectl.SucceedAsync("apply -f -", "apiVersion: letscode.dev/v1alpha1\nkind: TestPool\nmetadata: { name: pool, namespace: judge }\nspec: { replicas: 1 }\n");

        var scaled = await kubectl.SucceedAsync("scale testpool pool -n judge --replicas=5");
        Assert.Contains("scaled", scaled.Stdout);

        var replicas = await kubectl.SucceedAsync("get testpool pool -n judge -o jsonpath={.spec.replicas}");
        Assert.Equal("5", replicas.Stdout.Trim());
        var generation = await kubectl.SucceedAsync("get testpool pool -n judge -o jsonpath={.metadata.generation}");
        Assert.Equal("2", generation.Stdout.Trim());
    }

    /// <summary>
    /// The shipped WarmPool CRD's scale subresource, through kubectl: `kubectl scale` writes spec.replicas (the idle
    /// target) and the Scale's status.replicas is status.idleReplicas (idle pods), not status.replicas (all pods).
    /// </summary>
    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task Scales_a_shipped_WarmPool_and_reads_back_its_idle_pods(string binary)
    {
        await using var simulator = await KubernetesSimulator.StartAsync();
        using var kubectl = new Kubectl(binary, simulator);
        await kubectl.SucceedAsync($"apply -f {Path.Combine(Kubectl.RepositoryRoot(), "crds", "warmpool.yaml")}");
        await kubectl.SucceedAsync("apply -f -", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: letscode-sandbox\n");
        await kubectl.SucceedAsync($"apply -f {Path.Combine(Kubectl.RepositoryRoot(), "crds", "samples", "warmpool-python3.yaml")}");
        // As the operator would report 3 idle pods (one still starting) and 2 busy ones.
        await kubectl.SucceedAsync("patch warmpool python3 -n letscode-sandbox --subresource=status --type=merge -p " +
            "{\"status\":{\"replicas\":5,\"idleReplicas\":3,\"idle\":2,\"busy\":2,\"selector\":\"letscode.dev/pool=python3\"}}");

        var scaled = await kubectl.SucceedAsync("scale warmpool python3 -n letscode-sandbox --replicas=4");
        Assert.Contains("scaled", scaled.Stdout);
        var target = await kubectl.SucceedAsync("get warmpool python3 -n letscode-sandbox -o jsonpath={.spec.replicas}");
        Assert.Equal("4", target.Stdout.Trim());

        var scale = JsonNode.Parse((await kubectl.SucceedAsync("get --raw /apis/letscode.dev/v1alpha1/namespaces/letscode-sandbox/warmpools/python3/scale")).Stdout)!;
        Assert.Equal(4, (int)scale["spec"]!["replicas"]!);
        Assert.Equal(3, (int)scale["status"]!["replicas"]!);
        Assert.Equal("letscode.dev/pool=python3", scale["status"]!["selector"].Str());
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task Applies_and_updates_built_in_pods_with_strategic_merge_patches(string binary)
    {
        await using var simulator = await KubernetesSimulator.StartAsync();
        using var kubectl = new Kubectl(binary, simulator);
        await kubectl.SucceedAsync($"apply -f {Kubectl.Fixture("resources/namespace.yaml")}");
        await kubectl.SucceedAsync($"apply -f {Kubectl.Fixture("resources/pod.yaml")}");

        var manifest = File.ReadAllText(Kubectl.Fixture("resources/pod.yaml"));
        var changed = manifest.Replace("app: sandbox", "app: sandbox\n    tier: judge", StringComparison.Ordinal)
            .Replace("runner:test", "runner:v2", StringComparison.Ordinal);
        var applied = await kubectl.SucceedAsync("apply -f -", changed);
        Assert.Contains("pod/sandbox configured", applied.Stdout);

        var pod = JsonNode.Parse((await kubectl.SucceedAsync("get pod sandbox -n judge -o json")).Stdout)!;
        Assert.Equal("judge", pod["metadata"]!["labels"]!["tier"].Str());
        var container = pod["spec"]!["containers"]![0]!;
        Assert.Equal("ghcr.io/letscode/runner:v2", container["image"].Str());
        Assert.Equal("test", container["env"]![0]!["value"].Str());

        // Like a real API server, other pod spec changes are refused.
        var forbidden = await kubectl.RunAsync("apply -f -", changed.Replace("value: test", "value: changed", StringComparison.Ordinal));
        Assert.NotEqual(0, forbidden.ExitCode);
        Assert.Contains("pod updates may not change fields other than", forbidden.Stderr);

        await kubectl.SucceedAsync("label pod sandbox -n judge color=blue");
        var labelled = await kubectl.SucceedAsync("get pods -n judge -l color=blue,tier=judge -o name");
        Assert.Equal("pod/sandbox", labelled.Stdout.Trim());

        await kubectl.SucceedAsync("delete pod sandbox -n judge --timeout=20s");
        var none = await kubectl.SucceedAsync("get pods -n judge -o name");
        Assert.Equal("", none.Stdout.Trim());
    }
}
