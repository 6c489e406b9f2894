package io.xloud.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.io.IOException;

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
            return MAPPER.writeValueAsBytes(value);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String string(Object value)
    {
        try {
            return MAPPER.writeValueAsString(value);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
