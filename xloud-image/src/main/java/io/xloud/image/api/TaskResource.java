package io.xloud.image.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.json.Json;
import io.xloud.image.service.ImageErrorCode;
import io.xloud.image.service.ImageTask;
import io.xloud.image.service.ImportCaller;
import io.xloud.image.service.ImportService;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Glance's tasks API, {@code GET /v2/tasks} and {@code GET /v2/tasks/{id}}: the record of every import. Every call
 * needs tasks_api_access (an admin's by default) and get_tasks or get_task. An admin sees every project's tasks,
 * anyone else the tasks of their own project.
 */
final class TaskResource
{
    private static final String TASKS = ImageModule.V2 + "/tasks";
    private static final int DEFAULT_LIMIT = 25;
    private static final int MAX_LIMIT = 1000;
    private static final Set<String> STATUSES = Set.of("pending", "processing", "success", "failure");
    private static final Set<String> TYPES = Set.of("import", "api_image_import", "location_import");

    private final ImportService imports;

    TaskResource(ImportService imports)
    {
        this.imports = requireNonNull(imports, "imports is null");
    }

    void routes(Router.Builder r)
    {
        r.route("GET", TASKS, ImportPolicies.TASKS_API_ACCESS, ImportApi::projectTarget, this::list);
        r.route("GET", TASKS + "/{task_id}", ImportPolicies.TASKS_API_ACCESS, ImportApi::projectTarget, this::show);
        for (String name : new String[] {"task", "tasks"}) {
            byte[] schema = SchemaResource.load("schema-" + name + ".json");
            r.route("GET", ImageModule.V2 + "/schemas/" + name, ImagePolicies.GET_SCHEMAS, ImportApi::projectTarget,
                    exchange -> exchange.respond(200, "application/json", schema));
        }
    }

    private void list(Exchange exchange)
    {
        require(exchange, ImportPolicies.GET_TASKS);
        ImportCaller caller = ImportApi.caller(exchange);
        int limit = limit(exchange.query("limit"));
        String sortDir = exchange.query("sort_dir").orElse("desc");
        if (!sortDir.equals("asc") && !sortDir.equals("desc")) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Invalid sort direction: " + sortDir);
        }
        String sortKey = exchange.query("sort_key").orElse("created_at");
        if (!sortKey.equals("created_at")) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Invalid sort key: " + sortKey + ". It must be one of the following: created_at.");
        }
        Optional<String> status = exchange.query("status");
        if (status.isPresent() && !STATUSES.contains(status.get())) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Invalid status value: " + status.get());
        }
        Optional<String> type = exchange.query("type");
        if (type.isPresent() && !TYPES.contains(type.get())) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Invalid type value: " + type.get());
        }
        Optional<String> owner = caller.admin() ? Optional.empty() : Optional.of(caller.projectId());
        List<ImageTask> tasks = imports.tasks(owner, status, type, exchange.query("marker"), sortDir.equals("asc"), limit);
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode items = body.putArray("tasks");
        tasks.forEach(task -> items.add(TaskView.stub(task)));
        body.put("first", "/v2/tasks");
        body.put("schema", "/v2/schemas/tasks");
        if (tasks.size() == limit && limit > 0) {
            StringBuilder next = new StringBuilder("/v2/tasks?marker=").append(encode(tasks.getLast().id())).append("&limit=").append(limit);
            next.append("&sort_dir=").append(sortDir);
            status.ifPresent(value -> next.append("&status=").append(encode(value)));
            type.ifPresent(value -> next.append("&type=").append(encode(value)));
            body.put("next", next.toString());
        }
        exchange.json(200, body);
    }

    private void show(Exchange exchange)
    {
        require(exchange, ImportPolicies.GET_TASK);
        ImportCaller caller = ImportApi.caller(exchange);
        String id = exchange.path("task_id");
        ImageTask task = imports.task(id)
                .filter(found -> caller.admin() || found.owner().equals(caller.projectId()))
                .orElseThrow(() -> new ApiException(ImageErrorCode.NOT_FOUND, "Failed to find task " + id));
        exchange.json(200, TaskView.full(task));
    }

    private static void require(Exchange exchange, String rule)
    {
        if (!exchange.allowed(rule, ImportApi.projectTarget(exchange))) {
            throw new ApiException(ImageErrorCode.FORBIDDEN, "You are not authorized to complete " + rule + " action.");
        }
    }

    private static int limit(Optional<String> value)
    {
        if (value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.get());
            if (limit < 0) {
                throw new ApiException(ImageErrorCode.BAD_REQUEST, "limit param must be positive");
            }
            return Math.min(limit, MAX_LIMIT);
        }
        catch (NumberFormatException e) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "limit param must be an integer");
        }
    }

    private static String encode(String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
