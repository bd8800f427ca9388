using LetsCode.Charts.Tests.Helm;
using LetsCode.Charts.Tests.Yaml;

namespace LetsCode.Charts.Tests.Chart;

[Collection(HelmCollection.Name)]
public sealed class RbacTests
{
    private readonly HelmCli _helm;

    public RbacTests(HelmCli helm) => _helm = helm;

    [Fact]
    public async Task No_rule_grants_wildcard_verbs_resources_or_api_groups()
    {
        var chart = await _helm.TemplateAsync();
        var roles = chart.Manifests.Where(m => m.Kind is "Role" or "ClusterRole").ToList();
        Assert.NotEmpty(roles);
        foreach (var role in roles)
        {
            foreach (var rule in role.At("rules").Items())
            {
                foreach (var field in new[] { "verbs", "resources", "apiGroups", "resourceNames" })
                {
                    Assert.DoesNotContain("*", rule.At(field).Strings());
                }

                Assert.DoesNotContain(rule.At("resources").Strings(), r => r.Contains('*', StringComparison.Ordinal));
                Assert.Empty(rule.At("nonResourceURLs").Items());
            }
        }
    }

    [Fact]
    public async Task Nothing_is_cluster_wide_and_nobody_may_read_secrets_or_escalate()
    {
        var chart = await _helm.TemplateAsync();
        Assert.Empty(chart.OfKind("ClusterRole"));
        Assert.Empty(chart.OfKind("ClusterRoleBinding"));
        foreach (var rule in chart.OfKind("Role").SelectMany(r => r.At("rules").Items()))
        {
            Assert.DoesNotContain("secrets", rule.At("resources").Strings());
            Assert.DoesNotContain("serviceaccounts/token", rule.At("resources").Strings());
            Assert.DoesNotContain(rule.At("verbs").Strings(), v => v is "escalate" or "bind" or "impersonate");
        }
    }

    [Fact]
    public async Task The_operator_may_do_exactly_its_job_in_the_sandbox_namespace()
    {
        var chart = await _helm.TemplateAsync();
        var role = chart.Single("Role", "letscode-operator");
        Assert.Equal("letscode-sandbox", role.Namespace);
        var grants = Grants(role);

        Assert.Equal(["create", "delete", "get", "list", "patch", "update", "watch"], grants["/pods"]);
        Assert.Contains("create", grants["/pods/exec"]);
        Assert.Equal(["get", "patch", "update"], grants["letscode.dev/submissions/status"]);
        Assert.Equal(["get", "patch", "update"], grants["letscode.dev/warmpools/status"]);
        // The autoscaler (on by default) sets spec.replicas through the scale subresource; see AutoscalerTests.
        Assert.Equal(["get", "patch", "update"], grants["letscode.dev/warmpools/scale"]);
        Assert.Contains("delete", grants["letscode.dev/submissions"]);
        Assert.DoesNotContain("create", grants["letscode.dev/submissions"]);
        Assert.Contains("create", grants["networking.k8s.io/networkpolicies"]);
        Assert.Contains("create", grants["/resourcequotas"]);
        Assert.Contains("create", grants["/limitranges"]);
        Assert.Contains("create", grants["/events"]);

        var binding = chart.Single("RoleBinding", "letscode-operator");
        Assert.Equal("letscode-sandbox", binding.Namespace);
        var subject = Assert.Single(binding.At("subjects").Items());
        Assert.Equal("letscode-operator", subject.Str("name"));
        Assert.Equal(ChartRenderer.ReleaseNamespace, subject.Str("namespace"));
    }

    [Fact]
    public async Task The_leader_election_lease_is_granted_by_name_in_the_release_namespace()
    {
        var chart = await _helm.TemplateAsync();
        var role = chart.Single("Role", "letscode-operator-leader-election");
        Assert.Equal(ChartRenderer.ReleaseNamespace, role.Namespace);
        var leaseRules = role.At("rules").Items().Where(r => r.At("resources").Strings().Contains("leases")).ToList();
        var byName = Assert.Single(leaseRules, r => r.At("resourceNames").Items().Any());
        Assert.Equal(["letscode-operator"], byName.At("resourceNames").Strings());
        Assert.Equal(["get", "update", "patch"], byName.At("verbs").Strings());
        var unnamed = Assert.Single(leaseRules, r => !r.At("resourceNames").Items().Any());
        Assert.Equal(["create"], unnamed.At("verbs").Strings());

        var without = await _helm.TemplateAsync("--set", "operator.leaderElection.enabled=false");
        Assert.DoesNotContain(without.OfKind("Role"), r => r.Name.EndsWith("leader-election", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_api_creates_and_watches_submissions_and_reads_warm_pools_but_never_touches_pods()
    {
        var chart = await _helm.TemplateAsync();
        var role = chart.Single("Role", "letscode-api");
        Assert.Equal("letscode-sandbox", role.Namespace);
        var grants = Grants(role);
        Assert.Equal(["letscode.dev/submissions", "letscode.dev/warmpools"], grants.Keys.Order());
        Assert.Equal(["create", "delete", "get", "list", "watch"], grants["letscode.dev/submissions"]);
        Assert.Equal(["get", "list", "watch"], grants["letscode.dev/warmpools"]);
    }

    /// <summary>"group/resource" to the sorted verbs granted on it.</summary>
    internal static Dictionary<string, List<string>> Grants(Manifest role) =>
        role.At("rules").Items()
            .SelectMany(rule => rule.At("apiGroups").Strings().SelectMany(group => rule.At("resources").Strings()
                .SelectMany(resource => rule.At("verbs").Strings().Select(verb => (Key: $"{group}/{resource}", Verb: verb)))))
            .GroupBy(g => g.Key)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Verb).Distinct().Order().ToList());
}
