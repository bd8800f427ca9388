using System.Xml.Linq;
using LetsCode.Charts.Tests.Helm;

namespace LetsCode.Charts.Tests.Images;

/// <summary>What `dotnet publish` of a project reads from the repository, found from the .csproj files.</summary>
public static class ProjectFiles
{
    /// <summary>The published program's file name: the project's AssemblyName, else its file name.</summary>
    public static string AssemblyName(string project) =>
        XDocument.Load(RepositoryRoot.Combine(project)).Descendants("AssemblyName").LastOrDefault()?.Value
        ?? Path.GetFileNameWithoutExtension(project);

    /// <summary>
    /// Repository-relative folders and files the build of <paramref name="project"/> needs: the folder of every
    /// project in its ProjectReference closure, and every item it includes from outside its folder (e.g. the judge
    /// library embeds ../../seccomp/*.json). Wildcard includes are reduced to the folder they start in.
    /// </summary>
    public static IReadOnlySet<string> Closure(string project)
    {
        var needed = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(RepositoryRoot.Combine(project))]);
        while (pending.TryPop(out var file))
        {
            if (!seen.Add(file)) continue;
            var folder = Path.GetDirectoryName(file)!;
            needed.Add(Relative(folder));
            foreach (var item in XDocument.Load(file).Descendants().Where(e => e.Attribute("Include") is not null))
            {
                var include = item.Attribute("Include")!.Value.Replace('\\', '/');
                if (item.Name.LocalName == "ProjectReference")
                {
                    pending.Push(Path.GetFullPath(Path.Combine(folder, include)));
                }
                else if (include.StartsWith("../", StringComparison.Ordinal))
                {
                    var literal = string.Join('/', include.Split('/').TakeWhile(s => s.IndexOfAny(['*', '?']) < 0));
                    needed.Add(Relative(Path.GetFullPath(Path.Combine(folder, literal))));
                }
            }
        }

        return needed;
    }

    private static string Relative(string fullPath) => Path.GetRelativePath(RepositoryRoot.Path, fullPath).Replace('\\', '/');
}
