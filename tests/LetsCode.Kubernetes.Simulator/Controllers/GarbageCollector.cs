using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Controllers;

/// <summary>
/// The garbage collector: deletes dependents whose owners (by ownerReference uid) are all gone (background
/// propagation), deletes the dependents of owners deleted in the foreground and then clears their
/// "foregroundDeletion" finalizer, and orphans the dependents of owners deleted with "orphan".
/// </summary>
internal sealed class GarbageCollector(ResourceOperations operations)
{
    /// <summary>One pass; called under the store lock.</summary>
    public void Step()
    {
        var store = operations.Store;
        var all = store.All.ToList();

        // Most passes have nothing to do; skip the uid index then.
        if (!all.Any(o => o.Node["metadata"]?["ownerReferences"] is JsonArray { Count: > 0 } ||
                          (Meta.IsDeleting(o.Node) && o.Node["metadata"]?["finalizers"] is JsonArray { Count: > 0 })))
        {
            return;
        }

        var byUid = all.Where(o => Meta.Uid(o.Node) is not null).ToDictionary(o => Meta.Uid(o.Node)!, StringComparer.Ordinal);
        var dependents = all.SelectMany(o => Meta.OwnerReferences(o.Node).Select(r => ((string?)r["uid"] ?? "", o)))
            .ToLookup(p => p.Item1, p => p.o, StringComparer.Ordinal);

        foreach (var obj in all)
        {
            var owners = Meta.OwnerReferences(obj.Node).Select(r => (string?)r["uid"] ?? "").ToList();
            if (owners.Count > 0 && owners.All(uid => !byUid.ContainsKey(uid)) && !Meta.IsDeleting(obj.Node) &&
                store.Get(obj.Type.Name, obj.Namespace, obj.Name) is { } current)
            {
                operations.DeleteLocked(current, new DeleteOptions("Background", null, null, null));
            }
        }

        foreach (var owner in all.Where(o => Meta.IsDeleting(o.Node)))
        {
            var finalizers = Meta.Finalizers(owner.Node);
            var uid = Meta.Uid(owner.Node) ?? "";
            if (finalizers.Contains("orphan"))
            {
                foreach (var dependent in dependents[uid])
                {
                    if (store.Get(dependent.Type.Name, dependent.Namespace, dependent.Name) is not { } current) continue;
                    operations.WriteStatus(current, o =>
                    {
                        var refs = (JsonArray)o["metadata"]!["ownerReferences"]!;
                        foreach (var r in refs.OfType<JsonObject>().Where(r => (string?)r["uid"] == uid).ToList()) refs.Remove(r);
                        if (refs.Count == 0) ((JsonObject)o["metadata"]!).Remove("ownerReferences");
                    });
                }

                RemoveFinalizer(owner, "orphan");
            }
            else if (finalizers.Contains("foregroundDeletion"))
            {
                var remaining = dependents[uid].Select(d => store.Get(d.Type.Name, d.Namespace, d.Name)).OfType<StoredObject>().ToList();
                foreach (var dependent in remaining.Where(d => !Meta.IsDeleting(d.Node)))
                {
                    operations.DeleteLocked(dependent, new DeleteOptions("Foreground", null, null, null));
                }

                if (remaining.Count == 0) RemoveFinalizer(owner, "foregroundDeletion");
            }
        }
    }

    private void RemoveFinalizer(StoredObject owner, string finalizer)
    {
        if (operations.Store.Get(owner.Type.Name, owner.Namespace, owner.Name) is not { } current) return;
        operations.WriteStatus(current, o => Meta.SetFinalizers(o, Meta.Finalizers(o).Where(f => f != finalizer).ToList()));
    }
}
