using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LetsCode.Kubernetes.Simulator.Exec;
using LetsCode.Kubernetes.Simulator.Selection;
using Microsoft.AspNetCore.Http;

namespace LetsCode.Kubernetes.Simulator.Api;

/// <summary>
/// Serves every request: discovery, the resource verbs, watch and exec. Failures become metav1 Status responses.
/// </summary>
internal sealed class ApiHandler(ResourceOperations operations, WatchStreamer watches, ExecEndpoint exec,
    FaultInjector faults, Func<Uri> baseAddress)
{
    private ObjectStore Store => operations.Store;
    private ResourceRegistry Registry => operations.Registry;

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await ServeAsync(context).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            await WriteStatusAsync(context, e).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await WriteStatusAsync(context, ApiException.InternalError(e.Message)).ConfigureAwait(false);
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        switch (segments)
        {
            case ["version"]:
                await WriteJsonAsync(context, 200, Discovery.Version()).ConfigureAwait(false);
                return;
            case ["healthz" or "readyz" or "livez", ..]:
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok").ConfigureAwait(false);
                return;
            case ["openapi", "v3"]:
                await WriteJsonAsync(context, 200, Locked(() => OpenApi.Root(Registry))).ConfigureAwait(false);
                return;
            case ["openapi", "v3", .. var rest] when Locked(() => OpenApi.Document(Registry, string.Join('/', rest))) is { } document:
                await WriteJsonAsync(context, 200, document).ConfigureAwait(false);
                return;
            case ["api"]:
                await WriteJsonAsync(context, 200, Discovery.CoreVersions(baseAddress())).ConfigureAwait(false);
                return;
            case ["api", "v1"]:
                await WriteJsonAsync(context, 200, Locked(() => Discovery.Resources(Registry, "", "v1"))).ConfigureAwait(false);
                return;
            case ["apis"]:
                await WriteJsonAsync(context, 200, Locked(() => Discovery.Groups(Registry))).ConfigureAwait(false);
                return;
            case ["apis", var g] when Locked(() => Discovery.HasGroup(Registry, g)):
                await WriteJsonAsync(context, 200, Locked(() => Discovery.Group(Registry, g))).ConfigureAwait(false);
                return;
            case ["apis", var g, var v] when Locked(() => Registry.VersionsOf(g).Contains(v)):
                await WriteJsonAsync(context, 200, Locked(() => Discovery.Resources(Registry, g, v))).ConfigureAwait(false);
                return;
            case ["api", "v1", _, ..]:
                await ServeResourceAsync(context, "", "v1", segments.Skip(2).ToList()).ConfigureAwait(false);
                return;
            case ["apis", var g, var v, _, ..]:
                await ServeResourceAsync(context, g, v, segments.Skip(3).ToList()).ConfigureAwait(false);
                return;
            default:
                throw NotFoundPath();
        }
    }

    private async Task ServeResourceAsync(HttpContext context, string group, string version, List<string> segments)
    {
        var request = Locked(() => ApiRequest.Parse(group, version, segments,
            plural => Registry.Find(group, version, plural)?.Namespaced == true)) ?? throw NotFoundPath();
        var type = Locked(() => Registry.Find(group, version, request.Plural)) ?? throw NotFoundPath();
        if (type.Namespaced != (request.Namespace is not null) && request.Name is not null) throw NotFoundPath();

        await InjectFaultsAsync(context).ConfigureAwait(false);
        var query = context.Request.Query;
        var method = context.Request.Method;
        if (AuthorizationVerb(method, request, IsTrue(query["watch"])) is var verb
            && faults.IsDenied(verb, request.Subresource is { } subresource ? $"{request.Plural}/{subresource}" : request.Plural))
        {
            throw ApiException.RbacForbidden(verb, new ResourceName(group, request.Plural), request.Subresource, type.Namespaced ? request.Namespace : null, request.Name);
        }

        if (query.ContainsKey("dryRun"))
        {
            throw ApiException.BadRequest("dryRun is not supported by the simulator");
        }

        var ns = type.Namespaced ? request.Namespace : null;
        var sub = request.Subresource;
        if (sub is not (null or "status" or "scale" or "exec") || (sub == "scale" && type.Scale is null) ||
            (sub == "status" && !type.HasStatus) || (sub == "exec" && type.Name != BuiltInResources.Pods.Name))
        {
            throw NotFoundPath();
        }

        if (sub == "exec")
        {
            await exec.HandleAsync(context, ns!, request.Name!).ConfigureAwait(false);
            return;
        }

        if (request.LegacyWatch || (method == "GET" && IsTrue(query["watch"])))
        {
            if (request.Subresource is not null) throw NotFoundPath();
            var fieldSelector = query["fieldSelector"].ToString();
            if (request.Name is not null)
            {
                fieldSelector = string.IsNullOrEmpty(fieldSelector) ? $"metadata.name={request.Name}" : $"{fieldSelector},metadata.name={request.Name}";
            }

            await watches.ServeAsync(context, type, version, ns, ParseListQuery(context, type, fieldSelector)).ConfigureAwait(false);
            return;
        }

        switch (method, request.Name, sub)
        {
            case ("GET", null, null):
                var list = operations.List(type, version, ns, ParseListQuery(context, type, query["fieldSelector"]), out var items);
                if (TableConverter.Wanted(context.Request.Headers.Accept, type))
                {
                    await WriteJsonAsync(context, 200, Table(context, type, version, items, (JsonObject)list["metadata"]!.DeepClone())).ConfigureAwait(false);
                    return;
                }

                await WriteListAsync(context, list, items).ConfigureAwait(false);
                return;
            case ("POST", null, null) when type.Namespaced && ns is null:
                throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource: create needs a namespace");
            case ("POST", null, null):
                var createWarnings = new List<string>();
                var created = operations.Create(type, version, ns, ResourceOperations.ParseObject(await ReadBodyAsync(context).ConfigureAwait(false)),
                    ParseFieldValidation(context), createWarnings);
                AddWarnings(context, createWarnings);
                await WriteObjectAsync(context, 201, created, version).ConfigureAwait(false);
                return;
            case ("DELETE", null, null):
                var deleted = operations.DeleteCollection(type, ns, ParseListQuery(context, type, query["fieldSelector"]),
                    await ParseDeleteOptionsAsync(context).ConfigureAwait(false));
                var result = new JsonObject
                {
                    ["kind"] = type.ListKind,
                    ["apiVersion"] = type.ApiVersion(version),
                    ["metadata"] = new JsonObject { ["resourceVersion"] = Locked(() => Store.ResourceVersion).ToString(CultureInfo.InvariantCulture) },
                };
                await WriteListAsync(context, result, deleted.Select(d => d.JsonFor(version)).ToList()).ConfigureAwait(false);
                return;
            case ("GET", { } name, null or "status"):
                var found = operations.Get(type, ns, name);
                if (TableConverter.Wanted(context.Request.Headers.Accept, type))
                {
                    await WriteJsonAsync(context, 200, Table(context, type, version, [found.JsonFor(version)], new JsonObject
                    {
                        ["resourceVersion"] = Locked(() => found.ResourceVersion).ToString(CultureInfo.InvariantCulture),
                    })).ConfigureAwait(false);
                    return;
                }

                await WriteObjectAsync(context, 200, found, version).ConfigureAwait(false);
                return;
            case ("GET", { } name, "scale"):
                await WriteJsonAsync(context, 200, operations.GetScale(type, ns, name)).ConfigureAwait(false);
                return;
            case ("PUT", { } name, "scale"):
                await WriteJsonAsync(context, 200, operations.UpdateScale(type, version, ns, name, null,
                    await ReadBodyAsync(context).ConfigureAwait(false))).ConfigureAwait(false);
                return;
            case ("PATCH", { } name, "scale"):
                await WriteJsonAsync(context, 200, operations.UpdateScale(type, version, ns, name, RequireContentType(context),
                    await ReadBodyAsync(context).ConfigureAwait(false))).ConfigureAwait(false);
                return;
            case ("PUT", { } name, null or "status"):
                var replaceWarnings = new List<string>();
                var replaced = operations.Replace(type, version, ns, name,
                    ResourceOperations.ParseObject(await ReadBodyAsync(context).ConfigureAwait(false)), sub == "status",
                    ParseFieldValidation(context), replaceWarnings);
                AddWarnings(context, replaceWarnings);
                await WriteObjectAsync(context, 200, replaced, version).ConfigureAwait(false);
                return;
            case ("PATCH", { } name, null or "status"):
                var patchWarnings = new List<string>();
                var patched = operations.Patch(type, version, ns, name, RequireContentType(context),
                    await ReadBodyAsync(context).ConfigureAwait(false), sub == "status", ParseFieldValidation(context), patchWarnings);
                AddWarnings(context, patchWarnings);
                await WriteObjectAsync(context, 200, patched, version).ConfigureAwait(false);
                return;
            case ("DELETE", { } name, null):
                var gone = operations.Delete(type, ns, name, await ParseDeleteOptionsAsync(context).ConfigureAwait(false));
                await WriteObjectAsync(context, 200, gone, version).ConfigureAwait(false);
                return;
            default:
                throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    private JsonObject Table(HttpContext context, ResourceType type, string version, List<byte[]> items, JsonObject metadata)
    {
        var crd = type.IsCustom
            ? Locked(() => Store.Get(BuiltInResources.CustomResourceDefinitions.Name, null, $"{type.Plural}.{type.Group}")?.Node.DeepClone() as JsonObject)
            : null;
        var objects = items.Select(i => (JsonObject)JsonNode.Parse(i)!);
        return TableConverter.Convert(type, version, crd, objects, metadata, context.Request.Query["includeObject"] == "Object");
    }

    /// <summary>The verb RBAC checks for a request, as the API server's RequestInfo resolver names it.</summary>
    private static string AuthorizationVerb(string method, ApiRequest request, bool watchParameter) => method switch
    {
        "GET" when request.LegacyWatch || watchParameter => "watch",
        "GET" => request.Name is null ? "list" : "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => request.Name is null ? "deletecollection" : "delete",
        _ => method.ToLowerInvariant(),
    };

    private async Task InjectFaultsAsync(HttpContext context)
    {
        var latency = faults.Latency;
        if (latency > TimeSpan.Zero) await Task.Delay(latency, context.RequestAborted).ConfigureAwait(false);
        switch (faults.NextInjectedError())
        {
            case 429:
                throw ApiException.TooManyRequests(1);
            case 500:
                throw ApiException.InternalError("injected fault (simulator)");
        }
    }

    private static ListQuery ParseListQuery(HttpContext context, ResourceType type, string? fieldSelector)
    {
        var query = context.Request.Query;
        int? limit = null;
        if (query.TryGetValue("limit", out var l) && l.ToString().Length > 0)
        {
            limit = int.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw ApiException.BadRequest($"invalid limit \"{l}\"");
        }

        TimeSpan? timeout = null;
        if (query.TryGetValue("timeoutSeconds", out var t) && t.ToString().Length > 0)
        {
            timeout = long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
                ? TimeSpan.FromSeconds(seconds)
                : throw ApiException.BadRequest($"invalid timeoutSeconds \"{t}\"");
        }

        var rv = query["resourceVersion"].ToString();
        if (rv.Length > 0 && !long.TryParse(rv, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            throw ApiException.BadRequest($"invalid resource version \"{rv}\"");
        }

        var match = query["resourceVersionMatch"].ToString();
        if (match is not ("" or "NotOlderThan" or "Exact"))
        {
            throw ApiException.Invalid("ListOptions.meta.k8s.io", "", new ResourceName("", ""),
                [FieldError.NotSupported("resourceVersionMatch", $"\"{match}\"", ["\"Exact\"", "\"NotOlderThan\"", "\"\""])]);
        }

        return new ListQuery(LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(fieldSelector, type), limit,
            query["continue"].ToString() is { Length: > 0 } c ? c : null, rv.Length > 0 ? rv : null,
            IsTrue(query["allowWatchBookmarks"]), timeout)
        {
            SendInitialEvents = query.TryGetValue("sendInitialEvents", out var send) ? IsTrue(send) : null,
            ResourceVersionMatch = match.Length > 0 ? match : null,
        };
    }

    private static async Task<DeleteOptions> ParseDeleteOptionsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        string? policy = query["propagationPolicy"].ToString() is { Length: > 0 } p ? p : null;
        string? uid = null, rv = null;
        long? grace = long.TryParse(query["gracePeriodSeconds"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) ? g : null;
        if (IsTrue(query["orphanDependents"])) policy ??= "Orphan";
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body.Length > 0)
        {
            var options = ResourceOperations.ParseObject(body);
            policy = (string?)options["propagationPolicy"] ?? policy;
            if (Meta.Bool(options["orphanDependents"]) == true) policy ??= "Orphan";
            uid = (string?)options["preconditions"]?["uid"];
            rv = (string?)options["preconditions"]?["resourceVersion"];
            grace = (long?)options["gracePeriodSeconds"] ?? grace;
        }

        if (policy is not (null or "Foreground" or "Background" or "Orphan"))
        {
            throw ApiException.Invalid("DeleteOptions", "", new ResourceName("", ""),
                [FieldError.NotSupported("propagationPolicy", $"\"{policy}\"", ["\"Background\"", "\"Foreground\"", "\"Orphan\"", "nil"])]);
        }

        return new DeleteOptions(policy, uid, rv, grace);
    }

    /// <summary>The server's default, without the parameter, is Warn.</summary>
    private static FieldValidation ParseFieldValidation(HttpContext context) => context.Request.Query["fieldValidation"].ToString() switch
    {
        "" or "Warn" => FieldValidation.Warn,
        "Strict" => FieldValidation.Strict,
        "Ignore" => FieldValidation.Ignore,
        var other => throw ApiException.BadRequest($"fieldValidation directive \"{other}\" is not supported: use Ignore, Warn or Strict"),
    };

    /// <summary>Warnings travel as "Warning: 299 - "text"" headers, which kubectl prints.</summary>
    private static void AddWarnings(HttpContext context, List<string> warnings)
    {
        foreach (var warning in warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }

    private static string RequireContentType(HttpContext context) =>
        context.Request.ContentType ?? throw ApiException.UnsupportedMediaType("(none)");

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        // The API server refuses request bodies over 3 MiB before decoding them.
        const int limit = 3 * 1024 * 1024;
        if (context.Request.ContentLength > limit) throw TooLarge(limit);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) throw TooLarge(limit);
        }

        var contentType = context.Request.ContentType ?? "";
        if (buffer.Length > 0 && (contentType.Contains("protobuf", StringComparison.OrdinalIgnoreCase) ||
                                  contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase)))
        {
            throw ApiException.UnsupportedMediaType(contentType);
        }

        return buffer.ToArray();
    }

    private static bool IsTrue(string? value) => value is "true" or "1" or "True";

    private static ApiException TooLarge(int limit) =>
        new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");

    private T Locked<T>(Func<T> read)
    {
        lock (Store.Gate) return read();
    }

    private static ApiException NotFoundPath() =>
        new(404, "NotFound", "the server could not find the requested resource",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "UnexpectedServerResponse", ["message"] = "404 page not found" }) });

    public static async Task WriteStatusAsync(HttpContext context, ApiException error)
    {
        if (context.Response.HasStarted) return;
        if (error.RetryAfterSeconds is { } retry) context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        await WriteJsonAsync(context, error.Code, error.ToStatus()).ConfigureAwait(false);
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body.ToJsonString()), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteObjectAsync(HttpContext context, int status, StoredObject obj, string version)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(obj.JsonFor(version), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteListAsync(HttpContext context, JsonObject list, List<byte[]> items)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var head = list.ToJsonString();
        var body = context.Response.Body;
        await body.WriteAsync(Encoding.UTF8.GetBytes(head[..^1] + ",\"items\":["), context.RequestAborted).ConfigureAwait(false);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) await body.WriteAsync(","u8.ToArray(), context.RequestAborted).ConfigureAwait(false);
            await body.WriteAsync(items[i], context.RequestAborted).ConfigureAwait(false);
        }

        await body.WriteAsync("]}"u8.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }
}
