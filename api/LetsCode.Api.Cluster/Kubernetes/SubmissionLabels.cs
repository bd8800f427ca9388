using System.Text;

namespace LetsCode.Api.Cluster.Kubernetes;

/// <summary>
/// Labels the API puts on the Submissions it creates, so `kubectl get submissions -l letscode.dev/language=python3`
/// and the informer's selectors work. The wire names never change.
/// </summary>
public static class SubmissionLabels
{
    /// <summary>The API submission id (32 hex digits, the resource name's suffix).</summary>
    public const string SubmissionId = "letscode.dev/submission-id";

    /// <summary>The language, made a valid label value (<see cref="LabelValue"/>); spec.language stays exact.</summary>
    public const string Language = "letscode.dev/language";

    public const string CreatedBy = "app.kubernetes.io/created-by";
    public const string CreatedByValue = "letscode-api";

    public const string PartOf = "app.kubernetes.io/part-of";
    public const string PartOfValue = "letscode";

    /// <summary>The labels every Submission the API creates carries, plus the given ones (its kind: submission id or test run).</summary>
    public static Dictionary<string, string> For(string language, params (string Key, string Value)[] extra)
    {
        var labels = new Dictionary<string, string>
        {
            [Language] = LabelValue(language),
            [CreatedBy] = CreatedByValue,
            [PartOf] = PartOfValue,
        };
        foreach (var (key, value) in extra)
        {
            labels[key] = value;
        }
        return labels;
    }

    /// <summary>
    /// A valid label value (at most 63 characters of [A-Za-z0-9._-], alphanumeric at both ends) for a language name.
    /// Other characters become '_' and their hex code ("c++" reads "c_2b_2b"): '_' is not allowed in language names
    /// (crds/submission.yaml), so two languages never share a label value. Selection by language in code uses
    /// spec.language, which stays exact; the label is for people and kubectl.
    /// </summary>
    public static string LabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-')
            {
                text.Append(c);
            }
            else
            {
                text.Append('_').Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        var label = text.Length > 63 ? text.ToString(0, 63) : text.ToString();
        return label.Trim('.', '_', '-');
    }
}
