namespace LetsCode.Operator.Policy;

/// <summary>One failed control of the Pod Security Standards: which control, which field, what was found.</summary>
public sealed record PolicyViolation(string Control, string Field, string Message)
{
    public override string ToString() => $"{Control}: {Field}: {Message}";
}
