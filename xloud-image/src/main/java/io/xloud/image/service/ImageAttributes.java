package io.xloud.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.error.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Glance's rules for image attributes, as its image schema and domain state them: which are core, which the
 * server alone writes, which names are reserved, and what values each takes.
 */
public final class ImageAttributes
{
    public static final Set<String> DISK_FORMATS = Set.of("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop");
    public static final Set<String> CONTAINER_FORMATS = Set.of("ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed");
    public static final Set<String> VISIBILITIES = Set.of(Image.PUBLIC, Image.PRIVATE, Image.SHARED, Image.COMMUNITY);

    /** Core attributes a client may set. */
    public static final Set<String> WRITABLE = Set.of("name", "visibility", "protected", "os_hidden", "disk_format", "container_format",
            "min_disk", "min_ram", "tags", "owner");
    /** Attributes only the server writes: naming one is 403 "read-only". */
    public static final Set<String> READ_ONLY = Set.of("id", "status", "created_at", "updated_at", "checksum", "os_hash_algo", "os_hash_value",
            "size", "virtual_size", "direct_url", "self", "file", "schema", "stores");
    /** Names no image may hold: 403 "reserved". */
    public static final Set<String> RESERVED = Set.of("location", "deleted", "deleted_at", "locations");
    /** Glance's own namespace of properties, written only by the server (import results and the like). */
    public static final String RESERVED_PREFIX = "os_glance";

    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_PROPERTY_KEY_LENGTH = 255;
    public static final int MAX_PROPERTY_VALUE_LENGTH = 65535;
    public static final int MAX_TAG_LENGTH = 255;
    public static final long MAX_INT = Integer.MAX_VALUE;

    private static final Pattern UUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private ImageAttributes() {}

    public static boolean isUuid(String text)
    {
        return UUID.matcher(text).matches();
    }

    public static boolean reservedName(String key)
    {
        return key.startsWith(RESERVED_PREFIX);
    }

    static ApiException badRequest(String message)
    {
        return new ApiException(ImageErrorCode.BAD_REQUEST, message);
    }

    static ApiException forbidden(String message)
    {
        return new ApiException(ImageErrorCode.FORBIDDEN, message);
    }

    static ApiException conflict(String message)
    {
        return new ApiException(ImageErrorCode.CONFLICT, message);
    }

    /** Refuses keys a client may not write: the read-only and reserved ones. */
    static void checkWritable(String key)
    {
        if (READ_ONLY.contains(key)) {
            throw forbidden("Attribute '" + key + "' is read-only.");
        }
        if (RESERVED.contains(key) || reservedName(key)) {
            throw forbidden("Attribute '" + key + "' is reserved.");
        }
    }

    /** Refuses text no database column takes (PostgreSQL stores no NUL character). */
    public static String text(String value)
    {
        if (value.indexOf('\u0000') >= 0) {
            throw badRequest("Text values may not contain a NUL character.");
        }
        return value;
    }

    static Optional<String> nullableString(String key, JsonNode value, int maxLength)
    {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw badRequest("Provided object does not match schema 'image': " + describe(value) + " is not of type 'string', 'null'"
                    + " Failed validating 'type' in schema['properties']['" + key + "']");
        }
        text(value.asText());
        if (value.asText().length() > maxLength) {
            throw badRequest("Provided object does not match schema 'image': '" + shorten(value.asText()) + "' is too long"
                    + " Failed validating 'maxLength' in schema['properties']['" + key + "']");
        }
        return Optional.of(value.asText());
    }

    static Optional<String> format(String key, JsonNode value, Set<String> allowed)
    {
        Optional<String> format = nullableString(key, value, 255);
        if (format.isPresent() && !allowed.contains(format.get())) {
            throw badRequest("Invalid value '" + shorten(format.get()) + "' for parameter '" + key + "': Provided object does not match schema"
                    + " 'image': '" + shorten(format.get()) + "' is not one of " + new java.util.TreeSet<>(allowed));
        }
        return format;
    }

    static String visibility(JsonNode value)
    {
        if (value == null || !value.isTextual() || !VISIBILITIES.contains(value.asText())) {
            throw badRequest("Provided object does not match schema 'image': " + describe(value)
                    + " is not one of ['community', 'public', 'private', 'shared'] Failed validating 'enum' in schema['properties']['visibility']");
        }
        return value.asText();
    }

    static boolean bool(String key, JsonNode value)
    {
        if (value == null || !value.isBoolean()) {
            throw badRequest("Provided object does not match schema 'image': " + describe(value) + " is not of type 'boolean'"
                    + " Failed validating 'type' in schema['properties']['" + key + "']");
        }
        return value.asBoolean();
    }

    static long nonNegativeInteger(String key, JsonNode value)
    {
        if (value == null || !value.isIntegralNumber()) {
            throw badRequest("Provided object does not match schema 'image': " + describe(value) + " is not of type 'integer'"
                    + " Failed validating 'type' in schema['properties']['" + key + "']");
        }
        if (!value.canConvertToLong() || value.asLong() < 0) {
            throw badRequest("Provided object does not match schema 'image': " + describe(value) + " is less than the minimum of 0"
                    + " Failed validating 'minimum' in schema['properties']['" + key + "']");
        }
        if (value.asLong() > MAX_INT) {
            throw badRequest("Provided object does not match schema 'image': " + describe(value) + " is greater than the maximum of "
                    + MAX_INT + " Failed validating 'maximum' in schema['properties']['" + key + "']");
        }
        return value.asLong();
    }

    static List<String> tags(JsonNode value)
    {
        if (value == null || !value.isArray()) {
            throw badRequest("Provided object does not match schema 'image': " + describe(value) + " is not of type 'array'"
                    + " Failed validating 'type' in schema['properties']['tags']");
        }
        Set<String> tags = new LinkedHashSet<>();
        for (JsonNode tag : value) {
            tags.add(tag(tag));
        }
        return new ArrayList<>(tags);
    }

    static String tag(JsonNode tag)
    {
        if (!tag.isTextual()) {
            throw badRequest("Provided object does not match schema 'image': " + describe(tag) + " is not of type 'string'"
                    + " Failed validating 'type' in schema['properties']['tags']['items']");
        }
        return tag(tag.asText());
    }

    public static String tag(String tag)
    {
        text(tag);
        if (tag.length() > MAX_TAG_LENGTH) {
            throw badRequest("Provided object does not match schema 'image': '" + shorten(tag) + "' is too long"
                    + " Failed validating 'maxLength' in schema['properties']['tags']['items']");
        }
        return tag;
    }

    static String propertyValue(String key, JsonNode value)
    {
        if (value == null || !value.isTextual()) {
            throw badRequest("Provided object does not match schema 'image': " + describe(value) + " is not of type 'string'"
                    + " Failed validating 'type' in schema['additionalProperties']");
        }
        if (value.asText().length() > MAX_PROPERTY_VALUE_LENGTH) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Value of property '" + shorten(key) + "' is longer than "
                    + MAX_PROPERTY_VALUE_LENGTH + " characters.");
        }
        return text(value.asText());
    }

    static void propertyKey(String key)
    {
        text(key);
        if (key.length() > MAX_PROPERTY_KEY_LENGTH) {
            throw badRequest("Custom property should not be greater than 255 characters.");
        }
        if (key.isEmpty()) {
            throw badRequest("Custom property names may not be empty.");
        }
    }

    private static String describe(JsonNode value)
    {
        if (value == null || value.isMissingNode()) {
            return "None";
        }
        String text = value.toString();
        return shorten(text);
    }

    static String shorten(String text)
    {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
