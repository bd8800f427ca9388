namespace LetsCode.Kubernetes.Simulator.Controllers;

/// <summary>Finishes namespace deletion: deletes everything in a Terminating namespace, then the namespace.</summary>
internal sealed class NamespaceController(ResourceOperations operations)
{
    /// <summary>One pass; called under the store lock.</summary>
    public void Step()
    {
        var store = operations.Store;
        foreach (var ns in store.List(BuiltInResources.Namespaces.Name).Where(n => Meta.IsDeleting(n.Node)).ToList())
        {
            var contents = store.All.Where(o => o.Namespace == ns.Name).ToList();
            foreach (var obj in contents.Where(o => !Meta.IsDeleting(o.Node)))
            {
                operations.DeleteLocked(obj, new DeleteOptions("Background", null, null, null));
            }

            if (!store.All.Any(o => o.Namespace == ns.Name) && Meta.Finalizers(ns.Node).Count == 0 &&
                store.Get(ns.Type.Name, null, ns.Name) is { } current)
            {
                operations.Remove(current);
            }
        }
    }
}
