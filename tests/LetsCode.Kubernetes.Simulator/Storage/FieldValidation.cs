namespace LetsCode.Kubernetes.Simulator;

/// <summary>The fieldValidation query parameter: what to do with fields the schema does not know.</summary>
internal enum FieldValidation
{
    Ignore,
    Warn,
    Strict,
}
