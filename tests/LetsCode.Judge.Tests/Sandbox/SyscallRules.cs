using LetsCode.Judge.Sandbox.Seccomp;

namespace LetsCode.Judge.Tests.Sandbox;

/// <summary>
/// The rules of one profile for one syscall, evaluated the way runc and our compiler hand them to libseccomp:
/// conditions on one argument are alternatives (one rule each), conditions on different arguments are ANDed,
/// comparisons are 64-bit. <see cref="Decide"/> also asserts that every matching rule agrees, so no order in which
/// libseccomp happens to check them can change the answer.
/// </summary>
internal sealed class SyscallRules(string syscall, IReadOnlyList<SeccompRule> rules, string defaultAction)
{
    /// <summary>"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO n" or "SCMP_ACT_KILL_PROCESS"; the default when nothing matches.</summary>
    public string Decide(ulong[] arguments)
    {
        string? decided = null;
        foreach (var rule in rules)
        {
            if (!Matches(rule.Args, arguments)) continue;
            var action = rule.Action == "SCMP_ACT_ERRNO" ? $"{rule.Action} {rule.ErrnoRet ?? 1}" : rule.Action;
            Assert.True(decided is null || decided == action,
                $"{syscall}({string.Join(", ", arguments.Select(a => $"0x{a:x}"))}) matches rules that disagree: {decided}, {action}");
            decided = action;
        }
        return decided ?? defaultAction;
    }

    private static bool Matches(IReadOnlyList<SeccompArgument> conditions, ulong[] arguments)
    {
        if (conditions.Count == 0) return true;
        var alternatives = conditions.Select(c => c.Index).Distinct().Count() != conditions.Count;
        return alternatives ? conditions.Any(c => Holds(c, arguments)) : conditions.All(c => Holds(c, arguments));
    }

    private static bool Holds(SeccompArgument condition, ulong[] arguments)
    {
        var value = condition.Index < arguments.Length ? arguments[condition.Index] : 0;
        return condition.Op switch
        {
            SeccompOperator.SCMP_CMP_EQ => value == condition.Value,
            SeccompOperator.SCMP_CMP_NE => value != condition.Value,
            SeccompOperator.SCMP_CMP_LT => value < condition.Value,
            SeccompOperator.SCMP_CMP_LE => value <= condition.Value,
            SeccompOperator.SCMP_CMP_GT => value > condition.Value,
            SeccompOperator.SCMP_CMP_GE => value >= condition.Value,
            SeccompOperator.SCMP_CMP_MASKED_EQ => (value & condition.Value) == condition.ValueTwo, // value: the mask (OCI)
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.Op, "unknown operator"),
        };
    }
}
