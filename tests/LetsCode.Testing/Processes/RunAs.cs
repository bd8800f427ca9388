namespace LetsCode.Testing.Processes;

/// <summary>
/// Runs a program as another system user when the tests run as root (PostgreSQL refuses to run as root), and as
/// the current user otherwise. <c>setpriv</c> execs the program directly, so the process we start IS the server
/// (its pid is the one to signal), unlike <c>runuser</c>/<c>su</c>, which stay in between as a parent.
/// </summary>
public sealed record RunAs(string? UserName)
{
    public const string Setpriv = "/usr/bin/setpriv";

    public static RunAs CurrentUser { get; } = new((string?)null);

    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>Switch to <paramref name="userName"/> only when running as root.</summary>
    public static RunAs UserWhenRoot(string userName) => IsRoot ? new RunAs(userName) : CurrentUser;

    /// <summary>The program and arguments to start, with the user switch in front when one is needed.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) Wrap(string fileName, IEnumerable<string> arguments)
    {
        if (UserName is null)
        {
            return (fileName, arguments.ToList());
        }

        if (!File.Exists(Setpriv))
        {
            throw new InvalidOperationException($"{Setpriv} (util-linux) is needed to run {fileName} as {UserName}.");
        }

        List<string> wrapped = [$"--reuid={UserName}", $"--regid={UserName}", "--init-groups", "--", fileName];
        wrapped.AddRange(arguments);
        return (Setpriv, wrapped);
    }
}
