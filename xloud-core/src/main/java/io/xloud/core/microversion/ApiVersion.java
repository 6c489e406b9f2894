package io.xloud.core.microversion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One major version of a service's API as its version documents describe it: Nova's {@code v2.1} at
 * {@code /compute/v2.1}, Cinder's {@code v3.0} at {@code /volume/v3}. With microversions, {@code version} and
 * {@code min_version} come from the module's declared range, so a service states its range once.
 * <ul>
 * <li>Nova {@code GET /}: {@code {"versions":[...]}} in {@link Detail#SUMMARY}, status 200.</li>
 * <li>Nova {@code GET /v2.1}: {@code {"version":{...}}} ({@link #document}), status 200.</li>
 * <li>Cinder {@code GET /} (300) and {@code GET /v3} (200): {@code {"versions":[...]}} in {@link Detail#FULL}.</li>
 * </ul>
 */
public record ApiVersion(
        String id,
        String path,
        String status,
        String updated,
        String mediaType,
        String describedBy,
        Optional<MicroversionRange> microversions)
{
    public static final String CURRENT = "CURRENT";
    public static final String SUPPORTED = "SUPPORTED";
    public static final String DEPRECATED = "DEPRECATED";

    /** How much of each version a list shows: Nova's root only the self link; Cinder's and Nova's versioned root all. */
    public enum Detail
    {
        SUMMARY,
        FULL
    }

    public ApiVersion
    {
        requireNonNull(id, "id is null");
        requireNonNull(path, "path is null");
        requireNonNull(status, "status is null");
        requireNonNull(updated, "updated is null");
        requireNonNull(mediaType, "mediaType is null");
        requireNonNull(describedBy, "describedBy is null");
        requireNonNull(microversions, "microversions is null");
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("path must start and not end with '/': " + path);
        }
        if (microversions.filter(MicroversionRange::isAny).isPresent()) {
            throw new IllegalArgumentException("a version document needs a bounded range");
        }
    }

    /** The current version of a service with microversions, e.g. {@code current("v2.1", "/compute/v2.1", compute, ...)}. */
    public static ApiVersion current(String id, String path, MicroversionSupport support, String updated, String mediaType, String describedBy)
    {
        return new ApiVersion(id, path, CURRENT, updated, mediaType, describedBy, Optional.of(support.range()));
    }

    /** An older version without microversions, listed for discovery (Nova's v2.0). */
    public static ApiVersion withoutMicroversions(String id, String path, String status, String updated, String mediaType, String describedBy)
    {
        return new ApiVersion(id, path, status, updated, mediaType, describedBy, Optional.empty());
    }

    /** {@code {"version":{...}}}, the document of a versioned root, with links to {@code baseUrl + path + "/"}. */
    public Map<String, View> document(String baseUrl)
    {
        return Map.of("version", view(baseUrl, Detail.FULL));
    }

    /** {@code {"versions":[...]}}, the document of a service root. */
    public static Map<String, List<View>> list(String baseUrl, Detail detail, List<ApiVersion> versions)
    {
        List<View> views = new ArrayList<>(versions.size());
        for (ApiVersion version : versions) {
            views.add(version.view(baseUrl, detail));
        }
        return Map.of("versions", List.copyOf(views));
    }

    public View view(String baseUrl, Detail detail)
    {
        requireNonNull(baseUrl, "baseUrl is null");
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        List<Link> links = new ArrayList<>(2);
        links.add(new Link(base + path + "/", "self", null));
        List<MediaType> mediaTypes = null;
        if (detail == Detail.FULL) {
            links.add(new Link(describedBy, "describedby", "text/html"));
            mediaTypes = List.of(new MediaType("application/json", mediaType));
        }
        // a version without microversions says so with empty strings, as Nova's v2.0 does
        String maximum = microversions.map(range -> range.maximum().toString()).orElse("");
        String minimum = microversions.map(range -> range.minimum().toString()).orElse("");
        return new View(id, List.copyOf(links), mediaTypes, status, maximum, minimum, updated);
    }

    @JsonPropertyOrder({"id", "links", "media-types", "status", "version", "min_version", "updated"})
    public record View(
            String id,
            List<Link> links,
            @JsonProperty("media-types") @JsonInclude(JsonInclude.Include.NON_NULL) List<MediaType> mediaTypes,
            String status,
            String version,
            @JsonProperty("min_version") String minVersion,
            String updated) {}

    public record Link(String href, String rel, @JsonInclude(JsonInclude.Include.NON_NULL) String type) {}

    public record MediaType(String base, String type) {}
}
