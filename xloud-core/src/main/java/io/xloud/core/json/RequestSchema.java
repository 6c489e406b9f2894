package io.xloud.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A request body's JSON Schema, read as JSON when its handler's class loads (a schema that is not JSON fails the
 * start) and compiled at its first use: a service declares dozens, and compiling Identity's forty took 25-45 ms of
 * every start, for requests that a start does not see.
 */
public final class RequestSchema
{
    private final JsonNode document;
    private volatile JsonSchema compiled;

    RequestSchema(JsonNode document)
    {
        this.document = requireNonNull(document, "document is null");
    }

    /** Every way in which {@code body} breaks the schema; none for a body that keeps it. */
    public Set<ValidationMessage> validate(JsonNode body)
    {
        return compiled().validate(body);
    }

    /** The compiled schema; a schema that does not compile fails here, at the first request that needs it. */
    private JsonSchema compiled()
    {
        JsonSchema schema = compiled;
        if (schema == null) {
            // two threads may both compile it once; either result is the same schema
            schema = JsonSchemas.compile(document);
            compiled = schema;
        }
        return schema;
    }
}
