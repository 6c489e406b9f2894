package io.xloud.testing.objectstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.json.Json;
import io.xloud.testing.objectstore.SwiftClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Swift's object versioning (X-Versions-Enabled) on the engine's versions, which S3 shares. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwiftObjectVersioningTest
{
    private static final String DELETE_MARKER_TYPE = "application/x-deleted;swift_versions_deleted=1";

    private S3Accounts accounts;
    private SwiftClient swift;
    private SwiftClient other;
    private S3Client s3;

    @BeforeAll
    void start()
    {
        accounts = new S3Accounts(Map.of());
        swift = SwiftClient.newProjectUser(accounts.server, accounts.admin, "member");
        other = SwiftClient.newProjectUser(accounts.server, accounts.admin, "member");
        JsonNode ec2 = S3Accounts.expect(accounts.admin.post("/identity/v3/users/" + swift.userId + "/credentials/OS-EC2",
                "{\"tenant_id\": %s}".formatted(Json.string(swift.projectId))), 201).json().path("credential");
        s3 = accounts.client(ec2.path("access").asText(), ec2.path("secret").asText());
    }

    @AfterAll
    void stop()
    {
        s3.close();
        accounts.close();
    }

    private String versionedContainer()
    {
        String path = swift.account() + "/v-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(swift.send("PUT", path, null, "X-Versions-Enabled", "true").status()).isEqualTo(201);
        return path;
    }

    private String put(String path, String body)
    {
        Response response = swift.put(path, body);
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.header("X-Object-Version-Id");
    }

    private JsonNode versions(String container)
    {
        Response response = swift.get(container.contains("?") ? container : container + "?versions&format=json");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static List<String> field(JsonNode listing, String name)
    {
        List<String> values = new ArrayList<>();
        listing.forEach(entry -> values.add(entry.path(name).asText()));
        return values;
    }

    @Test
    void versioningIsShownOnTheContainer()
    {
        String plain = swift.newContainer();
        assertThat(swift.head(plain).header("X-Versions-Enabled")).isNull();
        String container = versionedContainer();
        assertThat(swift.head(container).header("X-Versions-Enabled")).isEqualTo("True");
        assertThat(swift.get(container).header("X-Versions-Enabled")).isEqualTo("True");
        assertThat(swift.post(container, "X-Versions-Enabled", "false").status()).isEqualTo(204);
        assertThat(swift.head(container).header("X-Versions-Enabled")).isEqualTo("False");
        assertThat(swift.post(container, "X-Versions-Enabled", "maybe").status()).isEqualTo(400);
        assertThat(swift.head(container).header("X-Versions-Enabled")).isEqualTo("False");
        // turning off a container that never had versioning changes nothing
        assertThat(swift.post(plain, "X-Versions-Enabled", "false").status()).isEqualTo(204);
        assertThat(swift.head(plain).header("X-Versions-Enabled")).isNull();
        assertThat(swift.get("/object-store/info").json().has("object_versioning")).isTrue();
    }

    @Test
    void anOverwriteKeepsTheOldVersion()
    {
        String container = versionedContainer();
        String first = put(container + "/o", "one");
        String second = put(container + "/o", "two");
        assertThat(first).isNotBlank();
        assertThat(second).isNotBlank().isNotEqualTo(first);

        Response current = swift.get(container + "/o");
        assertThat(current.text()).isEqualTo("two");
        assertThat(current.header("X-Object-Version-Id")).isEqualTo(second);
        Response old = swift.get(container + "/o?version-id=" + first);
        assertThat(old.status()).isEqualTo(200);
        assertThat(old.text()).isEqualTo("one");
        assertThat(old.header("X-Object-Version-Id")).isEqualTo(first);
        Response head = swift.head(container + "/o?version-id=" + first);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("3");

        JsonNode versions = versions(container);
        assertThat(field(versions, "version_id")).containsExactly(second, first);
        assertThat(field(versions, "is_latest")).containsExactly("true", "false");
        assertThat(field(versions, "name")).containsExactly("o", "o");
        // the container lists and counts only the current object
        assertThat(swift.get(container + "?format=json").json()).hasSize(1);
        assertThat(swift.head(container).header("X-Container-Object-Count")).isEqualTo("1");
        assertThat(swift.head(container).header("X-Container-Bytes-Used")).isEqualTo("3");

        // a metadata change is of the current version: it keeps its id, and makes no new version
        assertThat(swift.post(container + "/o", "X-Object-Meta-Color", "blue").status()).isEqualTo(202);
        Response changed = swift.head(container + "/o");
        assertThat(changed.header("X-Object-Meta-Color")).isEqualTo("blue");
        assertThat(changed.header("X-Object-Version-Id")).isEqualTo(second);
        assertThat(field(versions(container), "version_id")).containsExactly(second, first);

        // COPY with ?version-id= copies that version: here over the name itself, restoring the first as a new latest
        String name = container.substring(container.lastIndexOf('/') + 1);
        Response restored = swift.send("COPY", container + "/o?version-id=" + first, (byte[]) null, "Destination", name + "/o");
        assertThat(restored.status()).isEqualTo(201);
        assertThat(swift.get(container + "/o").text()).isEqualTo("one");
        String third = swift.head(container + "/o").header("X-Object-Version-Id");
        assertThat(field(versions(container), "version_id")).containsExactly(third, second, first);
        assertThat(swift.send("COPY", container + "/o?version-id=0123456789abcdef0123456789abcdef", (byte[]) null, "Destination", name + "/p")
                .status()).isEqualTo(404);
        assertThat(swift.send("COPY", container + "/o?version-id=bogus", (byte[]) null, "Destination", name + "/p").status()).isEqualTo(400);
        assertThat(swift.head(container + "/p").status()).isEqualTo(404);
    }

    @Test
    void aDeleteWritesADeleteMarker()
    {
        String container = versionedContainer();
        String first = put(container + "/o", "one");
        Response deleted = swift.delete(container + "/o");
        assertThat(deleted.status()).isEqualTo(204);
        String marker = deleted.header("X-Object-Version-Id");
        assertThat(marker).isNotBlank().isNotEqualTo(first);
        assertThat(swift.get(container + "/o").status()).isEqualTo(404);
        assertThat(swift.head(container).header("X-Container-Object-Count")).isEqualTo("0");
        assertThat(swift.get(container + "?format=json").json()).isEmpty();

        JsonNode versions = versions(container);
        assertThat(field(versions, "version_id")).containsExactly(marker, first);
        assertThat(field(versions, "content_type")).first().isEqualTo(DELETE_MARKER_TYPE);
        assertThat(field(versions, "is_latest")).containsExactly("true", "false");
        Response markerRead = swift.get(container + "/o?version-id=" + marker);
        assertThat(markerRead.status()).isEqualTo(404);
        assertThat(markerRead.header("X-Object-Version-Id")).isEqualTo(marker);

        // deleting the marker brings the object back
        Response undo = swift.delete(container + "/o?version-id=" + marker);
        assertThat(undo.status()).isEqualTo(204);
        assertThat(swift.get(container + "/o").text()).isEqualTo("one");
        assertThat(swift.head(container).header("X-Container-Object-Count")).isEqualTo("1");
    }

    @Test
    void deletingAVersionRemovesIt()
    {
        String container = versionedContainer();
        String first = put(container + "/o", "one");
        String second = put(container + "/o", "two");
        assertThat(swift.delete(container + "/o?version-id=" + first).status()).isEqualTo(204);
        assertThat(swift.get(container + "/o?version-id=" + first).status()).isEqualTo(404);
        assertThat(swift.delete(container + "/o?version-id=" + first).status()).isEqualTo(404);
        assertThat(field(versions(container), "version_id")).containsExactly(second);
        assertThat(swift.delete(container + "/o?version-id=" + second).status()).isEqualTo(204);
        assertThat(swift.get(container + "/o").status()).isEqualTo(404);
        assertThat(versions(container)).isEmpty();
        assertThat(swift.delete(container).status()).isEqualTo(204);
    }

    @Test
    void aContainerWithVersionsCannotBeDeleted()
    {
        String container = versionedContainer();
        put(container + "/o", "one");
        assertThat(swift.delete(container + "/o").status()).isEqualTo(204);
        assertThat(swift.head(container).header("X-Container-Object-Count")).isEqualTo("0");
        assertThat(swift.delete(container).status()).isEqualTo(409);
    }

    @Test
    void badAndUnknownVersionIds()
    {
        String container = versionedContainer();
        put(container + "/o", "one");
        assertThat(swift.get(container + "/o?version-id=bogus").status()).isEqualTo(400);
        assertThat(swift.head(container + "/o?version-id=bogus").status()).isEqualTo(400);
        assertThat(swift.delete(container + "/o?version-id=bogus").status()).isEqualTo(400);
        assertThat(swift.get(container + "/o?version-id=" + "%27%3B--").status()).isEqualTo(400);
        assertThat(swift.get(container + "/o?version-id=0123456789abcdef0123456789abcdef").status()).isEqualTo(404);
        assertThat(swift.get(container + "?versions&format=json&marker=o&version_marker=bogus").status()).isEqualTo(400);
        assertThat(swift.get(container + "?versions&version_marker=0123456789abcdef0123456789abcdef").status()).isEqualTo(400);
        assertThat(swift.get(container + "/o").text()).isEqualTo("one");
    }

    @Test
    void legacyVersionedWritesAndObjectVersioningExcludeEachOther()
    {
        String archive = swift.newContainer();
        String legacy = swift.account() + "/l-" + UUID.randomUUID().toString().substring(0, 8);
        String archiveName = archive.substring(archive.lastIndexOf('/') + 1);
        assertThat(swift.send("PUT", legacy, null, "X-Versions-Location", archiveName).status()).isEqualTo(201);
        assertThat(swift.post(legacy, "X-Versions-Enabled", "true").status()).isEqualTo(400);
        assertThat(swift.head(legacy).header("X-Versions-Enabled")).isNull();
        assertThat(swift.send("PUT", swift.account() + "/both-" + UUID.randomUUID().toString().substring(0, 8), null,
                "X-Versions-Enabled", "true", "X-History-Location", archiveName).status()).isEqualTo(400);

        String versioned = versionedContainer();
        assertThat(swift.post(versioned, "X-Versions-Location", archiveName).status()).isEqualTo(400);
        assertThat(swift.head(versioned).header("X-Versions-Location")).isNull();
        // removing the legacy location and enabling in one request is fine
        assertThat(swift.post(legacy, "X-Remove-Versions-Location", "x", "X-Versions-Enabled", "true").status()).isEqualTo(204);
        assertThat(swift.head(legacy).header("X-Versions-Enabled")).isEqualTo("True");
    }

    @Test
    void versionsListingPagesWithMarkers()
    {
        String container = versionedContainer();
        List<String> expected = new ArrayList<>();
        for (String name : List.of("a", "b/1", "b/2")) {
            String v1 = put(container + "/" + name, name + "1");
            String v2 = put(container + "/" + name, name + "2");
            expected.add(name + "@" + v2);
            expected.add(name + "@" + v1);
        }
        List<String> seen = new ArrayList<>();
        String query = "?versions&format=json&limit=4";
        JsonNode page = versions(container + query);
        page.forEach(entry -> seen.add(entry.path("name").asText() + "@" + entry.path("version_id").asText()));
        JsonNode last = page.get(page.size() - 1);
        JsonNode next = versions(container + query + "&marker=" + last.path("name").asText() + "&version_marker=" + last.path("version_id").asText());
        next.forEach(entry -> seen.add(entry.path("name").asText() + "@" + entry.path("version_id").asText()));
        assertThat(seen).containsExactlyElementsOf(expected);

        JsonNode rolled = versions(container + "?versions&format=json&delimiter=/");
        assertThat(field(rolled, "subdir")).contains("b/");
        assertThat(versions(container + "?versions&format=json&prefix=b/")).hasSize(4);
        Response plain = swift.get(container + "?versions");
        assertThat(plain.text().lines().toList()).containsExactly("a", "a", "b/1", "b/1", "b/2", "b/2");
        // end_marker: only names before it, whichever page they are on
        assertThat(swift.get(container + "?versions&end_marker=b/2").text().lines().toList()).containsExactly("a", "a", "b/1", "b/1");
        assertThat(swift.get(container + "?versions&end_marker=b/1&marker=a").text().lines().toList()).isEmpty();
        JsonNode cut = versions(container + "?versions&format=json&limit=3&end_marker=b");
        assertThat(field(cut, "name")).containsExactly("a", "a");
    }

    @Test
    void versionsListingReversedIsTheExactReverseAndPagesWithMarkers()
    {
        String container = versionedContainer();
        List<String> forward = new ArrayList<>();
        for (String name : List.of("a", "b/1", "b/2", "c")) {
            String v1 = put(container + "/" + name, name + "1");
            String v2 = put(container + "/" + name, name + "2");
            forward.add(name + "@" + v2);
            forward.add(name + "@" + v1);
        }
        List<String> expected = new ArrayList<>(forward.reversed());
        JsonNode whole = versions(container + "?versions&format=json&reverse=true");
        List<String> all = new ArrayList<>();
        whole.forEach(entry -> all.add(entry.path("name").asText() + "@" + entry.path("version_id").asText()));
        assertThat(all).containsExactlyElementsOf(expected);
        // the latest of each name is still the one marked latest
        assertThat(field(whole, "is_latest")).containsExactly("false", "true", "false", "true", "false", "true", "false", "true");

        // pages of three, each from after the last entry of the one before, in reverse order
        List<String> paged = new ArrayList<>();
        String query = "?versions&format=json&reverse=true&limit=3";
        JsonNode page = versions(container + query);
        while (!page.isEmpty()) {
            page.forEach(entry -> paged.add(entry.path("name").asText() + "@" + entry.path("version_id").asText()));
            JsonNode last = page.get(page.size() - 1);
            page = versions(container + query + "&marker=" + last.path("name").asText() + "&version_marker=" + last.path("version_id").asText());
        }
        assertThat(paged).containsExactlyElementsOf(expected);

        // a marker without a version: the names before it; end_marker: the names after it; prefix and delimiter as forward
        assertThat(swift.get(container + "?versions&reverse=true&marker=b/2").text().lines().toList()).containsExactly("b/1", "b/1", "a", "a");
        assertThat(swift.get(container + "?versions&reverse=true&end_marker=b/1").text().lines().toList()).containsExactly("c", "c", "b/2", "b/2");
        assertThat(swift.get(container + "?versions&reverse=true&prefix=b/").text().lines().toList()).containsExactly("b/2", "b/2", "b/1", "b/1");
        JsonNode rolled = versions(container + "?versions&format=json&reverse=true&delimiter=/");
        assertThat(rolled).hasSize(5);
        assertThat(field(rolled, "name").subList(0, 2)).containsExactly("c", "c");
        assertThat(rolled.get(2).path("subdir").asText()).isEqualTo("b/");
        assertThat(field(rolled, "name").subList(3, 5)).containsExactly("a", "a");
    }

    @Test
    void s3AndSwiftShareTheVersions()
    {
        String bucket = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        String container = swift.account() + "/" + bucket;
        assertThat(swift.head(container).header("X-Versions-Enabled")).isEqualTo("True");

        String fromS3 = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("from s3")).versionId();
        String fromSwift = put(container + "/k", "from swift");
        JsonNode versions = versions(container);
        assertThat(field(versions, "version_id")).containsExactly(fromSwift, fromS3);
        assertThat(swift.get(container + "/k?version-id=" + fromS3).text()).isEqualTo("from s3");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(fromSwift)).asUtf8String()).isEqualTo("from swift");

        // a delete marker written through Swift is one in S3
        String marker = swift.delete(container + "/k").header("X-Object-Version-Id");
        var listed = s3.listObjectVersions(b -> b.bucket(bucket));
        assertThat(listed.deleteMarkers()).singleElement().satisfies(m -> {
            assertThat(m.versionId()).isEqualTo(marker);
            assertThat(m.isLatest()).isTrue();
        });
        assertThat(listed.versions()).extracting(ObjectVersion::versionId).containsExactly(fromSwift, fromS3);

        // versioning suspended through Swift is Suspended in S3
        assertThat(swift.post(container, "X-Versions-Enabled", "false").status()).isEqualTo(204);
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);
        Response nullWrite = swift.put(container + "/k", "null version");
        assertThat(nullWrite.status()).isEqualTo(201);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId("null")).asUtf8String()).isEqualTo("null version");
        assertThat(swift.get(container + "/k?version-id=null").text()).isEqualTo("null version");
    }

    @Test
    void anotherProjectCannotSeeTheVersions()
    {
        String container = versionedContainer();
        String version = put(container + "/o", "one");
        SwiftClient intruder = other.withToken(other.token());
        assertThat(intruder.get(container + "?versions&format=json").status()).isEqualTo(403);
        assertThat(intruder.get(container + "/o?version-id=" + version).status()).isEqualTo(403);
        assertThat(intruder.delete(container + "/o?version-id=" + version).status()).isEqualTo(403);
        assertThat(intruder.post(container, "X-Versions-Enabled", "false").status()).isEqualTo(403);
        assertThat(swift.get(container + "/o?version-id=" + version).text()).isEqualTo("one");
        assertThat(new String(swift.get(container + "/o").body(), StandardCharsets.UTF_8)).isEqualTo("one");
    }
}
