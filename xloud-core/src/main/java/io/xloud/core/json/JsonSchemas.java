package io.xloud.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.xloud.core.error.ApiException;

import java.util.Comparator;
import java.util.Set;

/**
 * Request-body schemas, written as JSON text beside the handler that reads them.
 * A body that fails its schema is a 400 naming the first problem.
 */
public final class JsonSchemas
{
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private JsonSchemas() {}

    /** The schema of this JSON text, compiled when a body is first checked against it. */
    public static RequestSchema of(String schemaText)
    {
        return of(Json.parse(schemaText));
    }

    /** The schema of this document, which the caller no longer changes; compiled when a body is first checked against it. */
    public static RequestSchema of(JsonNode document)
    {
        return new RequestSchema(document);
    }

    static JsonSchema compile(JsonNode document)
    {
        return FACTORY.getSchema(document);
    }

    public static void validate(RequestSchema schema, JsonNode body)
    {
        Set<ValidationMessage> messages = schema.validate(body);
        if (!messages.isEmpty()) {
            ValidationMessage first = messages.stream()
                    .min(Comparator.comparing(ValidationMessage::getMessage))
                    .orElseThrow();
            throw ApiException.badRequest("Invalid input for field '" + first.getInstanceLocation() + "': " + first.getMessage());
        }
    }
}
