package io.xloud.image.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.json.Json;
import io.xloud.image.service.ImageTask;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** A task as Glance shows it: the stub of {@code GET /v2/tasks}, and the whole task of a show or an image's task list. */
final class TaskView
{
    private TaskView() {}

    static ObjectNode stub(ImageTask task)
    {
        ObjectNode view = Json.mapper().createObjectNode();
        view.put("id", task.id());
        view.put("type", task.type());
        view.put("status", task.status());
        view.put("owner", task.owner());
        task.expiresAt().ifPresent(expires -> view.put("expires_at", time(expires)));
        view.put("created_at", time(task.createdAt()));
        view.put("updated_at", time(task.updatedAt()));
        view.put("self", "/v2/tasks/" + task.id());
        view.put("schema", "/v2/schemas/task");
        return view;
    }

    static ObjectNode full(ImageTask task)
    {
        ObjectNode view = stub(task);
        view.set("input", json(Optional.of(task.input())));
        view.set("result", json(task.result()));
        view.put("message", task.message());
        view.put("image_id", task.imageId().orElse(null));
        view.put("request_id", task.requestId().orElse(null));
        view.put("user_id", task.userId().orElse(null));
        if (task.expiresAt().isEmpty()) {
            view.putNull("expires_at");
        }
        return view;
    }

    private static JsonNode json(Optional<String> text)
    {
        if (text.isEmpty()) {
            return Json.mapper().nullNode();
        }
        try {
            return Json.mapper().readTree(text.get());
        }
        catch (IOException e) {
            return Json.mapper().getNodeFactory().textNode(text.get());
        }
    }

    static String time(Instant instant)
    {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
