namespace LetsCode.Operator.Controllers;

/// <summary>
/// The sandbox namespace's deny-all NetworkPolicy, ResourceQuota or LimitRange could not be read or written (RBAC,
/// admission, an unreachable API server). No sandbox pod may be created or handed out until it can.
/// </summary>
public sealed class NamespaceGuardException(string message, Exception inner) : Exception(message, inner);
