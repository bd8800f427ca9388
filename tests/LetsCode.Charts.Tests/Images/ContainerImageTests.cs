using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LetsCode.Charts.Tests.Helm;
using LetsCode.Judge.Languages;
using LetsCode.Kubernetes.Models;
using LetsCode.Operator.Configuration;
using LetsCode.Operator.Rendering;
using LetsCode.Operator.Resources;

namespace LetsCode.Charts.Tests.Images;

/// <summary>
/// Keeps images/ honest without a container engine (none runs on the development machine, so the images are never
/// built here): every image the chart can reference has a Containerfile the build script uses; what the files copy
/// and publish exists; the programs sit where the chart and the operator start them; users, writable paths, base
/// images and labels follow the pods the chart and the operator render.
/// </summary>
[Collection(HelmCollection.Name)]
public sealed partial class ContainerImageTests
{
    private const string ApiFile = "images/api/Containerfile";
    private const string OperatorFile = "images/operator/Containerfile";
    private const string RunnerFile = "images/runner/Containerfile";
    private const string ChartRegistry = "ghcr.io/letscode/";

    /// <summary>Debian's PATH, which the runner image inherits unless it sets its own.</summary>
    private const string DebianPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static readonly string[] Files = [ApiFile, OperatorFile, RunnerFile];

    private readonly HelmCli _helm;

    public ContainerImageTests(HelmCli helm) => _helm = helm;

    private static IReadOnlyList<string> JudgeLanguages =>
        [.. LanguageRegistry.CreateDefault().All.Select(l => l.Name).Order(StringComparer.Ordinal)];

    private static Containerfile Load(string file) => Containerfile.Load(RepositoryRoot.Path, file);

    [Fact]
    public async Task Every_image_the_chart_can_reference_is_built_by_the_script_from_a_containerfile()
    {
        var planned = await BuildScript.DryRunAsync();
        var byReference = planned.ToDictionary(p => p.Reference);

        var referenced = LetsCodeImages(await _helm.TemplateAsync()).ToList();
        var valuesFile = Path.Combine(Path.GetTempPath(), $"letscode-images-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(valuesFile, PoolsFor(JudgeLanguages));
        try
        {
            referenced.AddRange(LetsCodeImages(await _helm.TemplateAsync("-f", valuesFile)));
        }
        finally
        {
            File.Delete(valuesFile);
        }

        Assert.Contains($"{ChartRegistry}api:0.1.0", referenced);
        Assert.Contains($"{ChartRegistry}operator:0.1.0", referenced);
        Assert.Contains($"{ChartRegistry}runner-python3:0.1.0", referenced);
        foreach (var image in referenced.Distinct())
        {
            Assert.True(byReference.ContainsKey(image),
                $"The chart references {image}, which `make images` does not build. It builds: {string.Join(", ", byReference.Keys)}");
        }

        foreach (var build in planned)
        {
            Assert.True(File.Exists(RepositoryRoot.Combine(build.Containerfile)), $"{build.Reference}: {build.Containerfile} does not exist.");
        }

        // Runner images: one build of the shared Containerfile per language, with that language's packages.
        var toolchains = ToolchainTable.Load(RepositoryRoot.Path);
        foreach (var build in planned.Where(b => b.Name.StartsWith("runner-", StringComparison.Ordinal)))
        {
            Assert.Equal(RunnerFile, build.Containerfile);
            var language = build.BuildArguments["LANGUAGE"];
            Assert.Equal("runner-" + language.Replace('+', 'p'), build.Name);
            Assert.Equal(string.Join(' ', toolchains[language]), build.BuildArguments["PACKAGES"]);
        }

        Assert.Equal(ApiFile, Assert.Single(planned, b => b.Name == "api").Containerfile);
        Assert.Equal(OperatorFile, Assert.Single(planned, b => b.Name == "operator").Containerfile);
    }

    [Fact]
    public async Task The_build_script_takes_registry_and_tag_from_its_arguments()
    {
        var planned = await BuildScript.DryRunAsync("--registry", "registry.example/lc/", "--tag", "1.2.3", "api", "runner-java");
        Assert.Equal(["registry.example/lc/api:1.2.3", "registry.example/lc/runner-java:1.2.3"], planned.Select(p => p.Reference));
        Assert.All(planned, p => Assert.Equal("1.2.3", p.BuildArguments["VERSION"]));
    }

    [Fact]
    public void Every_language_of_the_judge_has_exactly_one_toolchain_entry()
    {
        var toolchains = ToolchainTable.Load(RepositoryRoot.Path);
        Assert.Equal(JudgeLanguages, toolchains.Keys.Order(StringComparer.Ordinal));
        foreach (var (language, packages) in toolchains)
        {
            Assert.NotEmpty(packages);
            if (packages is ["-"]) continue;
            Assert.All(packages, p => Assert.Matches(DebianPackageName(), p));
        }
    }

    [Fact]
    public void Build_context_sources_exist_and_pass_the_ignore_file()
    {
        var ignore = DockerIgnore.Load(RepositoryRoot.Combine(".dockerignore"));
        foreach (var file in Files.Select(Load))
        {
            Assert.Empty(file.Stages.SelectMany(s => s.All("ADD")));
            foreach (var stage in file.Stages)
            {
                foreach (var copy in stage.Copies)
                {
                    if (copy.FromStage is { } from)
                    {
                        var source = file.StageNamed(from);
                        Assert.True(source is not null && source.Index < stage.Index,
                            $"{file} {copy.Instruction}: --from={from} is not an earlier stage.");
                        continue;
                    }

                    foreach (var path in copy.Sources.Select(s => s.TrimEnd('/')))
                    {
                        var full = RepositoryRoot.Combine(path);
                        Assert.True(File.Exists(full) || Directory.Exists(full), $"{file} {copy.Instruction}: {path} does not exist.");
                        Assert.False(ignore.Excludes(path), $"{file} {copy.Instruction}: .dockerignore keeps {path} out of the build context.");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("artifacts/runner/letscode-runner")]
    [InlineData("data/letscode.db")]
    [InlineData(".tools/bin/helm")]
    [InlineData(".git/config")]
    [InlineData("judge/LetsCode.Judge/bin/Release/net10.0/LetsCode.Judge.dll")]
    [InlineData("api/LetsCode.Api/obj/project.assets.json")]
    [InlineData("api/LetsCode.Api/data/letscode.db")]
    [InlineData("operator/LetsCode.Operator/bin/Debug/net10.0/letscode-operator")]
    [InlineData("tests/LetsCode.Charts.Tests/Images/ContainerImageTests.cs")]
    public void The_ignore_file_keeps_outputs_and_local_state_out_of_the_context(string path) =>
        Assert.True(DockerIgnore.Load(RepositoryRoot.Combine(".dockerignore")).Excludes(path), $"{path} would enter the build context.");

    [Fact]
    public void Published_projects_exist_and_their_whole_closure_is_copied_in_place()
    {
        foreach (var file in Files.Select(Load))
        {
            var publishing = file.Stages.Where(s => s.Publishes.Any()).ToList();
            Assert.NotEmpty(publishing);
            foreach (var stage in publishing)
            {
                var run = stage.All("RUN").First(r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
                var root = CopyInstruction.Normalize(stage.WorkdirAt(run));
                var copied = new List<string>();
                foreach (var copy in stage.Copies.Where(c => c.FromStage is null))
                {
                    foreach (var source in copy.Sources)
                    {
                        // The repository's layout is kept (api/ -> /src/api): project references are relative paths.
                        var expected = CopyInstruction.Normalize($"{root}/{source}");
                        Assert.True(expected == copy.Target(source, stage.WorkdirAt(copy.Instruction)),
                            $"{file} {copy.Instruction}: {source} does not land at {expected}, the repository's layout under {root}.");
                        copied.Add(source.TrimEnd('/'));
                    }
                }

                // MSBuild reads these from the folders above every project; global.json picks the SDK.
                foreach (var shared in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
                {
                    Assert.True(!File.Exists(RepositoryRoot.Combine(shared)) || copied.Contains(shared), $"{file}: {shared} is not copied.");
                }

                foreach (var (project, _) in stage.Publishes)
                {
                    Assert.True(project.EndsWith(".csproj", StringComparison.Ordinal) && File.Exists(RepositoryRoot.Combine(project)),
                        $"{file}: dotnet publish {project}: no such project file.");
                    foreach (var needed in ProjectFiles.Closure(project))
                    {
                        Assert.True(copied.Any(c => needed == c || needed.StartsWith(c + "/", StringComparison.Ordinal)),
                            $"{file}: {project} needs {needed}, which no COPY brings in (copied: {string.Join(", ", copied)}).");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task The_api_and_operator_images_run_the_programs_the_chart_expects()
    {
        var chart = await _helm.TemplateAsync();

        var api = Load(ApiFile);
        Assert.Equal("api/LetsCode.Server/LetsCode.Server.csproj", Assert.Single(api.Stages.SelectMany(s => s.Publishes)).Project);
        var apiEntrypoint = ExecForm(api.Final, "ENTRYPOINT");
        Assert.Equal("letscode-server", Path.GetFileName(apiEntrypoint[0]));
        Assert.Contains(apiEntrypoint[0], ProvidedPrograms(api));
        var apiContainer = Assert.Single(chart.Single("Deployment", "letscode-api").PodSpec.At("containers").Items());
        Assert.Null(apiContainer.At("command"));
        Assert.Null(apiContainer.At("args"));

        var @operator = Load(OperatorFile);
        Assert.Equal("operator/LetsCode.Operator/LetsCode.Operator.csproj", Assert.Single(@operator.Stages.SelectMany(s => s.Publishes)).Project);
        var operatorEntrypoint = ExecForm(@operator.Final, "ENTRYPOINT");
        Assert.Equal(["letscode-operator"], operatorEntrypoint.Select(Path.GetFileName));
        Assert.Contains(operatorEntrypoint[0], ProvidedPrograms(@operator));
        // The chart gives args only (`run --namespace=...`): they must follow the entrypoint, not replace a CMD's.
        var operatorContainer = Assert.Single(chart.Single("Deployment", "letscode-operator").PodSpec.At("containers").Items());
        Assert.Null(operatorContainer.At("command"));
        Assert.Equal("run", operatorContainer.At("args").Strings().First());
        Assert.Null(@operator.Final.Last("CMD"));
    }

    [Fact]
    public void The_runner_image_has_the_runner_where_the_operator_execs_it()
    {
        var runner = Load(RunnerFile);
        Assert.Equal("judge/LetsCode.Runner/LetsCode.Runner.csproj", Assert.Single(runner.Stages.SelectMany(s => s.Publishes)).Project);
        var provided = ProvidedPrograms(runner);

        var command = new OperatorOptions().RunnerCommand;
        Assert.Equal(["judge", "--sandbox", "pod"], command.Skip(1).Take(3));
        var program = command[0];
        if (Path.IsPathRooted(program))
        {
            Assert.Contains(program, provided);
        }
        else
        {
            // A bare name is looked up on the container's PATH: the image's, since the pod sets only HOME and TMPDIR.
            var path = runner.Final.Environment.GetValueOrDefault("PATH") ?? DebianPath;
            Assert.True(path.Split(':').Any(d => provided.Contains($"{d.TrimEnd('/')}/{program}")),
                $"The operator execs `{program}`, which is on no directory of PATH={path} in {RunnerFile} (provided: {string.Join(", ", provided)}).");
        }

        Assert.Contains(ExecForm(runner.Final, "ENTRYPOINT")[0], provided);

        // The pod idles with the operator's command (a shell and sleep): the base must be a full distribution.
        var idle = new SandboxPodOptions().IdleCommand;
        Assert.Equal("/bin/sh", idle[0]);
        Assert.StartsWith("docker.io/library/debian:", runner.Final.Image, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_are_numeric_non_root_and_the_ones_the_pods_run_as()
    {
        var chart = await _helm.TemplateAsync();
        foreach (var (file, deployment) in new[] { (ApiFile, "letscode-api"), (OperatorFile, "letscode-operator") })
        {
            var pod = chart.Single("Deployment", deployment).PodSpec;
            AssertUser(file, pod.Long("securityContext", "runAsUser"), pod.Long("securityContext", "runAsGroup"));
        }

        var sandbox = SandboxPod();
        var container = Assert.Single(sandbox.Spec!.Containers!);
        Assert.Equal(sandbox.Spec.SecurityContext!.RunAsUser, container.SecurityContext!.RunAsUser);
        AssertUser(RunnerFile, sandbox.Spec.SecurityContext.RunAsUser, sandbox.Spec.SecurityContext.RunAsGroup);
    }

    [Fact]
    public void Base_images_are_fully_qualified_and_pinned_by_tag()
    {
        foreach (var file in Files.Select(Load))
        {
            foreach (var stage in file.Stages)
            {
                if (file.Stages.Take(stage.Index).Any(s => string.Equals(s.Name, stage.Image, StringComparison.OrdinalIgnoreCase))) continue;
                var image = stage.Image;
                Assert.DoesNotContain("$", image, StringComparison.Ordinal);
                // podman refuses short names unless registries.conf resolves them; say where the image comes from.
                Assert.Contains(".", image.Split('/')[0], StringComparison.Ordinal);
                var digest = image.Contains("@sha256:", StringComparison.Ordinal);
                var name = image.Split('@')[0];
                var lastSegment = name[(name.LastIndexOf('/') + 1)..];
                Assert.True(digest || lastSegment.Contains(':'), $"{file} {stage.From}: not pinned by tag or digest.");
                if (lastSegment.Contains(':'))
                {
                    Assert.NotEqual("latest", lastSegment[(lastSegment.IndexOf(':') + 1)..]);
                }
            }
        }
    }

    [Fact]
    public void Images_carry_the_opencontainers_labels()
    {
        foreach (var file in Files.Select(Load))
        {
            var labels = file.Final.Labels;
            foreach (var key in new[] { "title", "description", "source", "version", "revision", "base.name" })
            {
                Assert.True(labels.TryGetValue($"org.opencontainers.image.{key}", out var value) && !string.IsNullOrWhiteSpace(value),
                    $"{file}: no org.opencontainers.image.{key} label.");
            }

            Assert.Equal(file.Final.Image, labels["org.opencontainers.image.base.name"]);
        }
    }

    [Fact]
    public async Task Images_point_writable_paths_at_the_pods_emptydir_only()
    {
        var chart = await _helm.TemplateAsync();
        var sandbox = SandboxPod();
        var runnerMounts = sandbox.Spec!.Containers!.Single().VolumeMounts!.Select(m => m.MountPath!).ToList();
        var mounts = new Dictionary<string, IReadOnlyList<string>>
        {
            [ApiFile] = EmptyDirMounts(chart.Single("Deployment", "letscode-api")),
            [OperatorFile] = EmptyDirMounts(chart.Single("Deployment", "letscode-operator")),
            [RunnerFile] = runnerMounts,
        };

        foreach (var (path, writable) in mounts)
        {
            Assert.NotEmpty(writable);
            var file = Load(path);
            Assert.Empty(file.Final.All("VOLUME"));
            foreach (var variable in new[] { "HOME", "TMPDIR", "DOTNET_BUNDLE_EXTRACT_BASE_DIR" })
            {
                if (file.Final.Environment.GetValueOrDefault(variable) is { Length: > 0 } value)
                {
                    Assert.True(Under(value, writable), $"{file}: {variable}={value} is outside the writable {string.Join(", ", writable)}.");
                }
            }
        }

        // The runner's work and cache roots (OperatorOptions.RunnerCommand) are on the emptyDir too.
        var command = new OperatorOptions().RunnerCommand.ToList();
        foreach (var option in new[] { "--work-root", "--cache-root" })
        {
            Assert.True(Under(command[command.IndexOf(option) + 1], runnerMounts), $"{option} is not under {string.Join(", ", runnerMounts)}.");
        }
    }

    [Fact]
    public async Task The_api_image_listens_on_the_port_the_chart_configures()
    {
        var chart = await _helm.TemplateAsync();
        var container = chart.Single("Deployment", "letscode-api").PodSpec.At("containers").Items().Single();
        var port = container.At("env").Items().Single(e => e.Str("name") == "ASPNETCORE_HTTP_PORTS").Str("value");
        var api = Load(ApiFile);
        Assert.Contains(port!, api.Final.All("EXPOSE").SelectMany(e => e.Words));

        // "Urls" in the shipped appsettings.json would override ASPNETCORE_HTTP_PORTS (and, as it once did, bind
        // loopback only, out of reach of the probes and the Service): the address must come from the environment.
        var settings = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryRoot.Combine("api", "LetsCode.Server", "appsettings.json")));
        Assert.DoesNotContain(settings.RootElement.EnumerateObject(), p => p.Name.Equals("Urls", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(api.Final.Environment, e => e.Key.Equals("URLS", StringComparison.OrdinalIgnoreCase) || e.Key.Equals("ASPNETCORE_URLS", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The LetsCode images (chart's registry) of every Deployment and WarmPool.</summary>
    private static IEnumerable<string> LetsCodeImages(RenderedChart chart) =>
        chart.Workloads.SelectMany(w => w.AllContainers).Select(c => c.Str("image") ?? "")
            .Concat(chart.OfKind("WarmPool").Select(p => p.Str("spec", "image") ?? ""))
            .Where(i => i.StartsWith(ChartRegistry, StringComparison.Ordinal));

    private static string PoolsFor(IEnumerable<string> languages)
    {
        var yaml = new StringBuilder("warmPools:\n");
        foreach (var language in languages)
        {
            yaml.Append("  - language: \"").Append(language).Append("\"\n    maxReplicas: 1\n");
        }

        return yaml.ToString();
    }

    /// <summary>A sandbox pod as the operator renders it (its default options, as `letscode-operator run` uses).</summary>
    private static Pod SandboxPod() => new SandboxPodRenderer().RenderIdle(new WarmPool
    {
        Metadata = new ObjectMeta { Name = "python3", Namespace = "letscode-sandbox" },
        Spec = new WarmPoolSpec { Language = "python3", Image = $"{ChartRegistry}runner-python3:0.1.0" },
    });

    private static IReadOnlyList<string> EmptyDirMounts(Manifest deployment)
    {
        var emptyDirs = deployment.PodSpec.At("volumes").Items().Where(v => v.At("emptyDir") is not null).Select(v => v.Str("name")).ToHashSet();
        return [.. deployment.AllContainers.SelectMany(c => c.At("volumeMounts").Items())
            .Where(m => emptyDirs.Contains(m.Str("name"))).Select(m => m.Str("mountPath")!)];
    }

    private static bool Under(string path, IEnumerable<string> roots) =>
        roots.Any(r => path == r || path.StartsWith(r.TrimEnd('/') + "/", StringComparison.Ordinal));

    private static IReadOnlyList<string> ExecForm(Stage stage, string keyword)
    {
        var instruction = stage.Last(keyword) ?? throw new Xunit.Sdk.XunitException($"No {keyword} in the final stage.");
        var words = instruction.ExecForm;
        Assert.True(words is { Count: > 0 }, $"{instruction} is not in exec (JSON) form: no shell should stand between the runtime and the program.");
        return words!;
    }

    /// <summary>
    /// Programs the final stage contains: each published project's executable (its AssemblyName) where the COPY of
    /// the publish output puts it, and symbolic links to those.
    /// </summary>
    private static IReadOnlySet<string> ProvidedPrograms(Containerfile file)
    {
        var provided = new HashSet<string>(StringComparer.Ordinal);
        foreach (var copy in file.Final.Copies.Where(c => c.FromStage is not null))
        {
            var stage = file.StageNamed(copy.FromStage!)!;
            foreach (var source in copy.Sources)
            {
                foreach (var (project, output) in stage.Publishes.Where(p => CopyInstruction.Normalize(p.Output) == CopyInstruction.Normalize(source)))
                {
                    provided.Add($"{copy.Target(source.TrimEnd('/') + "/", file.Final.WorkdirAt(copy.Instruction))}/{ProjectFiles.AssemblyName(project)}");
                }
            }
        }

        foreach (var (target, link) in file.Final.Symlinks)
        {
            if (provided.Contains(target)) provided.Add(link);
        }

        return provided;
    }

    private static void AssertUser(string path, long? uid, long? gid)
    {
        Assert.NotNull(uid);
        var user = Load(path).Final.Last("USER") ?? throw new Xunit.Sdk.XunitException($"{path}: no USER in the final stage.");
        var match = NumericUser().Match(user.Arguments);
        Assert.True(match.Success, $"{path}: USER {user.Arguments} is not numeric uid[:gid] (runAsNonRoot cannot verify a name).");
        Assert.NotEqual("0", match.Groups["uid"].Value);
        Assert.Equal(uid.ToString(), match.Groups["uid"].Value);
        if (gid is not null && match.Groups["gid"].Success)
        {
            Assert.Equal(gid.ToString(), match.Groups["gid"].Value);
        }
    }

    [GeneratedRegex("^(?<uid>[0-9]+)(:(?<gid>[0-9]+))?$")]
    private static partial Regex NumericUser();

    [GeneratedRegex("^[a-z0-9][a-z0-9.+-]+$")]
    private static partial Regex DebianPackageName();
}
