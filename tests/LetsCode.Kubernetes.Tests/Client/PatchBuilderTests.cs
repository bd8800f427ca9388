using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Client;

namespace LetsCode.Kubernetes.Tests.Client;

public sealed class PatchBuilderTests
{
    [Fact]
    public void Merge_patch_nests_paths_and_null_deletes()
    {
        var patch = new MergePatchBuilder()
            .SetLabel("letscode.dev/state", "claimed")
            .SetAnnotation("letscode.dev/submission", "ns/s1")
            .Remove(["metadata", "labels", "idle"])
            .RequireResourceVersion("17")
            .Build();

        Assert.Equal(Patch.MergePatchContentType, patch.ContentType);
        var json = JsonNode.Parse(patch.Body)!;
        Assert.Equal("claimed", (string?)json["metadata"]!["labels"]!["letscode.dev/state"]);
        Assert.True(json["metadata"]!["labels"]!.AsObject().ContainsKey("idle"));
        Assert.Null(json["metadata"]!["labels"]!["idle"]);
        Assert.Equal("17", (string?)json["metadata"]!["resourceVersion"]);
        Assert.Equal("ns/s1", (string?)json["metadata"]!["annotations"]!["letscode.dev/submission"]);
    }

    [Fact]
    public void Json_patch_escapes_pointers()
    {
        Assert.Equal("/metadata/labels/letscode.dev~1state", JsonPatchBuilder.Pointer(["metadata", "labels", "letscode.dev/state"]));
        Assert.Equal("/a~0b", JsonPatchBuilder.Pointer(["a~b"]));

        var patch = new JsonPatchBuilder()
            .Test(["metadata", "resourceVersion"], "5")
            .Replace(["spec", "replicas"], 3)
            .Append(["metadata", "finalizers"], "letscode.dev/cleanup")
            .Remove(["metadata", "labels", "x"])
            .Build();

        var operations = JsonNode.Parse(patch.Body)!.AsArray();
        Assert.Equal(Patch.JsonPatchContentType, patch.ContentType);
        Assert.Equal(4, operations.Count);
        Assert.Equal("test", (string?)operations[0]!["op"]);
        Assert.Equal("/metadata/finalizers/-", (string?)operations[2]!["path"]);
        Assert.False(operations[3]!.AsObject().ContainsKey("value"));
    }
}
