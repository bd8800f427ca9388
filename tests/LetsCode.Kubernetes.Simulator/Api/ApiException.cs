using System.Text.Json.Nodes;

namespace LetsCode.Kubernetes.Simulator.Api;

/// <summary>A request that ends in a metav1 Status, the way the API server reports every failure.</summary>
internal sealed class ApiException(int code, string reason, string message, JsonObject? details = null)
    : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public JsonObject? Details { get; } = details;
    public int? RetryAfterSeconds { get; init; }

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null) status["details"] = Details.DeepClone();
        status["code"] = Code;
        return status;
    }

    private static JsonObject Of(string? name, ResourceName resource)
    {
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name)) details["name"] = name;
        if (resource.Group.Length > 0) details["group"] = resource.Group;
        details["kind"] = resource.Plural;
        return details;
    }

    public static ApiException NotFound(ResourceName resource, string name) =>
        new(404, "NotFound", $"{resource} \"{name}\" not found", Of(name, resource));

    public static ApiException AlreadyExists(ResourceName resource, string name) =>
        new(409, "AlreadyExists", $"{resource} \"{name}\" already exists", Of(name, resource));

    public static ApiException Conflict(ResourceName resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": {why}", Of(name, resource));

    public static ApiException StaleObject(ResourceName resource, string name) => Conflict(resource, name,
        "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException Forbidden(ResourceName resource, string name, string why) =>
        new(403, "Forbidden", $"{resource} \"{name}\" is forbidden: {why}", Of(name, resource));

    /// <summary>
    /// 403 as the API server writes it when authorization (RBAC) refuses a request (responsewriters.Forbidden and
    /// forbiddenMessage). The simulator serves everyone anonymously, so the user is system:anonymous.
    /// </summary>
    public static ApiException RbacForbidden(string verb, ResourceName resource, string? subresource, string? ns, string? name)
    {
        var what = subresource is null ? resource.Plural : $"{resource.Plural}/{subresource}";
        var scope = ns is null ? "at the cluster scope" : $"in the namespace \"{ns}\"";
        var why = $"User \"system:anonymous\" cannot {verb} resource \"{what}\" in API group \"{resource.Group}\" {scope}";
        return new ApiException(403, "Forbidden", name is null ? $"{resource} is forbidden: {why}" : $"{resource} \"{name}\" is forbidden: {why}",
            Of(name, resource));
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json; got {contentType}");

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException Gone(string message) => new(410, "Gone", message);

    public static ApiException InternalError(string message) =>
        new(500, "InternalError", $"Internal error occurred: {message}",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = message }) });

    public static ApiException TooManyRequests(int retryAfterSeconds) =>
        new(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later",
            new JsonObject { ["retryAfterSeconds"] = retryAfterSeconds }) { RetryAfterSeconds = retryAfterSeconds };

    /// <summary>422 Invalid with one cause per field error, formatted like the API server's field.ErrorList.</summary>
    public static ApiException Invalid(string qualifiedKind, string name, ResourceName resource,
        IReadOnlyList<FieldError> errors)
    {
        var joined = errors.Count == 1
            ? errors[0].ToString()
            : "[" + string.Join(", ", errors.Select(e => e.ToString())) + "]";
        var details = new JsonObject { ["name"] = name };
        if (resource.Group.Length > 0) details["group"] = resource.Group;
        details["kind"] = qualifiedKind.Split('.')[0];
        details["causes"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject
        {
            ["reason"] = e.Reason,
            ["message"] = e.Detail,
            ["field"] = e.Field,
        }).ToArray());
        return new ApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {joined}", details);
    }
}

/// <summary>One field.Error: "FIELD: Required value", "FIELD: Invalid value: VALUE: DETAIL", ...</summary>
internal sealed record FieldError(string Field, string Reason, string Detail)
{
    public static FieldError Required(string field, string? detail = null) =>
        new(field, "FieldValueRequired", detail is null ? "Required value" : $"Required value: {detail}");

    public static FieldError InvalidValue(string field, string value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: {value}: {detail}");

    public static FieldError NotSupported(string field, string value, IEnumerable<string> supported) =>
        new(field, "FieldValueNotSupported",
            $"Unsupported value: {value}: supported values: {string.Join(", ", supported)}");

    public static FieldError Invalid(string field, string detail) => new(field, "FieldValueInvalid", $"Invalid value: {detail}");

    public static FieldError Forbidden(string field, string detail) =>
        new(field, "FieldValueForbidden", $"Forbidden: {detail}");

    public override string ToString() => $"{Field}: {Detail}";
}
