package io.xloud.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The one JSON mapper every service shares: strict on input, compact on output. */
public final class Json
{
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    // a value inside a view that is not a map, list, string, integer or boolean
    private static final ObjectWriter VALUE_WRITER = MAPPER.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxStringLength(1_000_000)
                .maxNumberLength(100)
                .build());
    }

    private Json() {}

    public static ObjectMapper mapper()
    {
        return MAPPER;
    }

    public static ObjectNode object()
    {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array()
    {
        return MAPPER.createArrayNode();
    }

    public static byte[] bytes(Object value)
    {
        try {
            if (!(value instanceof Map<?, ?> || value instanceof List<?>)) {
                return MAPPER.writeValueAsBytes(value);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            try (JsonGenerator generator = MAPPER.createGenerator(out)) {
                write(generator, value);
            }
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String string(Object value)
    {
        try {
            if (!(value instanceof Map<?, ?> || value instanceof List<?>)) {
                return MAPPER.writeValueAsString(value);
            }
            StringWriter out = new StringWriter(256);
            try (JsonGenerator generator = MAPPER.createGenerator(out)) {
                write(generator, value);
            }
            return out.toString();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the maps, lists, strings, numbers and booleans that views are built of straight to the generator, the
     * output the mapper gives for them: the mapper looks up a serializer for every value of an untyped map, which
     * was a third of the time of a list of a thousand resources. Anything else goes to the mapper.
     */
    private static void write(JsonGenerator generator, Object value)
            throws IOException
    {
        switch (value) {
            case null -> generator.writeNull();
            case String text -> generator.writeString(text);
            case Boolean bool -> generator.writeBoolean(bool);
            case Integer number -> generator.writeNumber(number);
            case Long number -> generator.writeNumber(number);
            case Map<?, ?> map when stringKeys(map) -> {
                generator.writeStartObject(map);
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    generator.writeFieldName((String) entry.getKey());
                    write(generator, entry.getValue());
                }
                generator.writeEndObject();
            }
            case List<?> list -> {
                generator.writeStartArray(list, list.size());
                for (Object item : list) {
                    write(generator, item);
                }
                generator.writeEndArray();
            }
            default -> VALUE_WRITER.writeValue(generator, value);
        }
    }

    private static boolean stringKeys(Map<?, ?> map)
    {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }

    public static JsonNode parse(String text)
    {
        try {
            return MAPPER.readTree(text);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
