package io.xloud.testing.objectstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.objectstore.ObjectStoreXloudModule;
import io.xloud.testing.Http;
import io.xloud.testing.TestServer;
import io.xloud.testing.objectstore.SwiftClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static io.xloud.testing.objectstore.SwiftClient.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** Swift v1 core: accounts, containers, objects, listings, ranges, conditions, names and bad input. */
class SwiftApiTest
{
    private static final String TRANS_ID = "^tx[0-9a-f]{21}-[0-9a-f]{10}$";

    private static TestServer server;
    private static Http admin;
    private static SwiftClient swift;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
        admin = server.admin();
        swift = SwiftClient.newProjectUser(server, admin, "member");
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static String container()
    {
        return swift.newContainer();
    }

    @Test
    void catalogPublishesTheObjectStore()
    {
        JsonNode catalog = admin.get("/identity/v3/auth/catalog").json().path("catalog");
        List<String> urls = new ArrayList<>();
        for (JsonNode service : catalog) {
            if (service.path("type").asText().equals("object-store")) {
                service.path("endpoints").forEach(endpoint -> urls.add(endpoint.path("url").asText()));
            }
        }
        assertThat(urls).isNotEmpty().allSatisfy(url -> assertThat(url).matches(".*/object-store/v1/AUTH_[0-9a-f]+$"));
    }

    @Test
    void anUnusedAccountAnswersWithZeroCounts()
    {
        SwiftClient fresh = SwiftClient.newProjectUser(server, admin, "member");
        Response head = fresh.head(fresh.account());
        assertThat(head.status()).isEqualTo(204);
        assertThat(head.header("X-Account-Container-Count")).isEqualTo("0");
        assertThat(head.header("X-Account-Object-Count")).isEqualTo("0");
        assertThat(head.header("X-Account-Bytes-Used")).isEqualTo("0");
        assertThat(head.header("X-Timestamp")).matches("\\d+\\.\\d{5}");
        assertThat(head.header("X-Trans-Id")).matches(TRANS_ID);
        assertThat(head.header("X-Openstack-Request-Id")).isEqualTo(head.header("X-Trans-Id"));
        assertThat(head.header("Content-Type")).isNotEmpty();
        assertThat(fresh.get(fresh.account()).status()).isEqualTo(204);
        Response json = fresh.get(fresh.account() + "?format=json");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.text()).isEqualTo("[]");
    }

    @Test
    void containerLifecycle()
    {
        String name = "lifecycle-" + UUID.randomUUID().toString().substring(0, 8);
        String path = swift.account() + "/" + name;
        assertThat(swift.put(path, null, "X-Container-Meta-Color", "blue").status()).isEqualTo(201);
        assertThat(swift.put(path, null).status()).isEqualTo(202);
        Response head = swift.head(path);
        assertThat(head.status()).isEqualTo(204);
        assertThat(head.header("X-Container-Meta-Color")).isEqualTo("blue");
        assertThat(head.header("X-Container-Object-Count")).isEqualTo("0");
        assertThat(head.header("X-Storage-Policy")).isEqualTo("Policy-0");
        assertThat(swift.put(path + "/o", "data").status()).isEqualTo(201);
        Response conflict = swift.delete(path);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.text()).isEqualTo("<html><h1>Conflict</h1><p>There was a conflict when trying to complete your request.</p></html>");
        assertThat(swift.delete(path + "/o").status()).isEqualTo(204);
        assertThat(swift.delete(path + "/o").status()).isEqualTo(404);
        assertThat(swift.delete(path).status()).isEqualTo(204);
        Response missing = swift.get(path);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text()).isEqualTo("<html><h1>Not Found</h1><p>The resource could not be found.</p></html>");
        assertThat(missing.header("X-Trans-Id")).matches(TRANS_ID);
    }

    @Test
    void accountCountsFollowTheObjects()
    {
        SwiftClient fresh = SwiftClient.newProjectUser(server, admin, "member");
        String path = fresh.account() + "/counted";
        fresh.put(path, null);
        fresh.put(path + "/a", "12345");
        fresh.put(path + "/b", "123");
        fresh.put(path + "/a", "1");
        Response account = fresh.head(fresh.account());
        assertThat(account.header("X-Account-Container-Count")).isEqualTo("1");
        assertThat(account.header("X-Account-Object-Count")).isEqualTo("2");
        assertThat(account.header("X-Account-Bytes-Used")).isEqualTo("4");
        Response container = fresh.head(path);
        assertThat(container.header("X-Container-Object-Count")).isEqualTo("2");
        assertThat(container.header("X-Container-Bytes-Used")).isEqualTo("4");
    }

    @Test
    void namesRoundTripByteForByte()
            throws Exception
    {
        String container = container();
        List<String> names = List.of("a//b", "../../etc/passwd", "dir/", "%2F", "caf\u00e9/\u00fc\u00df/\u4e2d\u6587", "with space", "q?x=1&y", "/leading",
                "..", ".", "trailing//", "a\\b", "emoji\ud83d\ude00");
        for (String name : names) {
            Response put = swift.put(container + "/" + quote(name), "content of " + name);
            assertThat(put.status()).as(name).isEqualTo(201);
        }
        for (String name : names) {
            Response get = swift.get(container + "/" + quote(name));
            assertThat(get.status()).as(name).isEqualTo(200);
            assertThat(get.text()).isEqualTo("content of " + name);
        }
        List<String> listed = new ArrayList<>();
        swift.get(container + "?format=json").json().forEach(entry -> listed.add(entry.path("name").asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(names);
        // nothing escaped the object directory
        try (Stream<Path> files = Files.walk(server.dataDir())) {
            assertThat(files.filter(Files::isRegularFile).map(Path::toString)).noneMatch(file -> file.endsWith("passwd"));
        }
    }

    @Test
    void aWrongEtagIs422AndStoresNothing()
    {
        String container = container();
        Response put = swift.put(container + "/o", "content", "ETag", "00000000000000000000000000000000");
        assertThat(put.status()).isEqualTo(422);
        assertThat(swift.head(container + "/o").status()).isEqualTo(404);
        assertThat(swift.head(container).header("X-Container-Object-Count")).isEqualTo("0");
        Response good = swift.put(container + "/o", "content", "ETag", md5("content"));
        assertThat(good.status()).isEqualTo(201);
        assertThat(good.header("ETag")).isEqualTo(md5("content"));
    }

    @Test
    void namesAtAndOverTheLimits()
    {
        String container = container();
        assertThat(swift.put(container + "/" + "o".repeat(1024), "x").status()).isEqualTo(201);
        Response tooLong = swift.put(container + "/" + "o".repeat(1025), "x");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.text()).isEqualTo("Object name length of 1025 longer than 1024");
        assertThat(swift.put(swift.account() + "/" + "c".repeat(256), null).status()).isEqualTo(201);
        Response longContainer = swift.put(swift.account() + "/" + "c".repeat(257), null);
        assertThat(longContainer.status()).isEqualTo(400);
        assertThat(longContainer.text()).isEqualTo("Container name length of 257 longer than 256");
        // a NUL is refused as Swift refuses it, and nothing is stored under another name
        Response nul = swift.put(container + "/bad%00name", "x");
        assertThat(nul.status()).isEqualTo(412);
        assertThat(nul.text()).isEqualTo("Invalid UTF8 or contains NULL");
        assertThat(swift.put(container + "/bad%FFname", "x").status()).isEqualTo(412);
        assertThat(swift.put(swift.account() + "/slash%2Fin", null).status()).isEqualTo(400);
    }

    @Test
    void metadataLimits()
    {
        String container = container();
        assertThat(swift.put(container, null, "X-Container-Meta-" + "k".repeat(129), "v").text()).startsWith("Metadata name too long");
        assertThat(swift.put(container, null, "X-Container-Meta-k", "v".repeat(257)).text()).startsWith("Metadata value longer than 256");
        assertThat(swift.put(container + "/o", "x", "X-Object-Meta-" + "k".repeat(129), "v").status()).isEqualTo(400);
        assertThat(swift.head(container + "/o").status()).isEqualTo(404);
    }

    @Test
    void chunkedUploadsStream()
            throws Exception
    {
        String container = container();
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(1).nextBytes(content);
        Response put = swift.sendStream("PUT", container + "/big", () -> new ByteArrayInputStream(content));
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.header("ETag")).isEqualTo(md5(content));
        Response get = swift.get(container + "/big");
        assertThat(get.body()).isEqualTo(content);
        assertThat(get.header("Content-Length")).isEqualTo(Integer.toString(content.length));
    }

    @Test
    void concurrentWritersOfOneNameLeaveOneWholeObject()
            throws Exception
    {
        String container = container();
        ExecutorService executor = Executors.newFixedThreadPool(12);
        List<String> contents = new ArrayList<>();
        List<Future<Response>> puts = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String content = ("writer-" + i + ";").repeat(2000 + 37 * i);
            contents.add(content);
            puts.add(executor.submit(() -> swift.put(container + "/shared", content)));
        }
        for (Future<Response> put : puts) {
            assertThat(put.get().status()).isIn(201, 202);
        }
        executor.shutdown();
        Response get = swift.get(container + "/shared");
        assertThat(contents).contains(get.text());
        assertThat(get.header("ETag")).isEqualTo(md5(get.text()));
        Response head = swift.head(container);
        assertThat(head.header("X-Container-Object-Count")).isEqualTo("1");
        assertThat(head.header("X-Container-Bytes-Used")).isEqualTo(Integer.toString(get.body().length));
    }

    @Test
    void rangesSingleMultipleAndUnsatisfiable()
    {
        String container = container();
        swift.put(container + "/r", "0123456789");
        Response single = swift.get(container + "/r", "Range", "bytes=2-4");
        assertThat(single.status()).isEqualTo(206);
        assertThat(single.text()).isEqualTo("234");
        assertThat(single.header("Content-Range")).isEqualTo("bytes 2-4/10");
        assertThat(swift.get(container + "/r", "Range", "bytes=-3").text()).isEqualTo("789");
        assertThat(swift.get(container + "/r", "Range", "bytes=7-").text()).isEqualTo("789");
        Response multi = swift.get(container + "/r", "Range", "bytes=0-1,8-9");
        assertThat(multi.status()).isEqualTo(206);
        assertThat(multi.header("Content-Type")).startsWith("multipart/byteranges;boundary=");
        String boundary = multi.header("Content-Type").substring("multipart/byteranges;boundary=".length());
        assertThat(multi.text()).isEqualTo("--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-1/10\r\n\r\n01\r\n"
                + "--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 8-9/10\r\n\r\n89\r\n--" + boundary + "--");
        assertThat(multi.header("Content-Length")).isEqualTo(Integer.toString(multi.body().length));
        Response unsatisfiable = swift.get(container + "/r", "Range", "bytes=20-30");
        assertThat(unsatisfiable.status()).isEqualTo(416);
        assertThat(unsatisfiable.header("Content-Range")).isEqualTo("bytes */10");
        assertThat(swift.get(container + "/r", "Range", "bytes=junk").status()).isEqualTo(200);
    }

    @Test
    void conditionalRequests()
    {
        String container = container();
        swift.put(container + "/c", "conditional");
        String etag = md5("conditional");
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusDays(1));
        String future = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusDays(1));
        assertThat(swift.get(container + "/c", "If-Match", etag).status()).isEqualTo(200);
        assertThat(swift.get(container + "/c", "If-Match", "\"" + etag + "\"").status()).isEqualTo(200);
        assertThat(swift.get(container + "/c", "If-Match", "nope").status()).isEqualTo(412);
        assertThat(swift.get(container + "/c", "If-None-Match", etag).status()).isEqualTo(304);
        assertThat(swift.get(container + "/c", "If-None-Match", "other").status()).isEqualTo(200);
        assertThat(swift.get(container + "/c", "If-Modified-Since", future).status()).isEqualTo(304);
        assertThat(swift.get(container + "/c", "If-Modified-Since", past).status()).isEqualTo(200);
        assertThat(swift.get(container + "/c", "If-Unmodified-Since", past).status()).isEqualTo(412);
        assertThat(swift.get(container + "/c", "If-Unmodified-Since", future).status()).isEqualTo(200);
        assertThat(swift.put(container + "/c", "again", "If-None-Match", "*").status()).isEqualTo(412);
        assertThat(swift.put(container + "/new", "once", "If-None-Match", "*").status()).isEqualTo(201);
        // a copy onto a taken name, by PUT with X-Copy-From or by COPY, is refused the same way, and leaves it as it was
        String name = container.substring(container.lastIndexOf('/') + 1);
        assertThat(swift.put(container + "/new", "", "X-Copy-From", name + "/c", "If-None-Match", "*").status()).isEqualTo(412);
        assertThat(swift.send("COPY", container + "/c", (byte[]) null, "Destination", name + "/new", "If-None-Match", "*").status()).isEqualTo(412);
        assertThat(swift.get(container + "/new").text()).isEqualTo("once");
        assertThat(swift.put(container + "/copied", "", "X-Copy-From", name + "/c", "If-None-Match", "*").status()).isEqualTo(201);
        assertThat(swift.get(container + "/copied").text()).isEqualTo("conditional");
    }

    @Test
    void ofConcurrentCreatesIfNoneMatchLetsOneHaveTheName()
            throws Exception
    {
        String container = container();
        for (int round = 0; round < 5; round++) {
            String name = container + "/lock-" + round;
            List<Integer> winners = ConditionalWriters.winners(8, 201, writer -> swift.put(name, "writer " + writer, "If-None-Match", "*").status());
            assertThat(winners).as("round %d", round).hasSize(1);
            assertThat(swift.get(name).text()).isEqualTo("writer " + winners.getFirst());
        }
    }

    @Test
    void objectMetadataIsReplacedByPost()
    {
        String container = container();
        swift.put(container + "/m", "x", "X-Object-Meta-Color", "red", "X-Object-Meta-Size", "big", "Content-Disposition", "inline",
                "Content-Type", "text/plain; charset=UTF-8");
        Response head = swift.head(container + "/m");
        assertThat(head.header("X-Object-Meta-Color")).isEqualTo("red");
        assertThat(head.header("Content-Disposition")).isEqualTo("inline");
        assertThat(head.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
        assertThat(head.header("Content-Length")).isEqualTo("1");
        assertThat(swift.post(container + "/m", "X-Object-Meta-Shape", "round").status()).isEqualTo(202);
        head = swift.head(container + "/m");
        assertThat(head.header("X-Object-Meta-Shape")).isEqualTo("round");
        assertThat(head.header("X-Object-Meta-Color")).isNull();
        assertThat(swift.post(container + "/missing", "X-Object-Meta-Shape", "round").status()).isEqualTo(404);
    }

    @Test
    void accountAndContainerMetadataMergeAndRemove()
    {
        String container = container();
        swift.post(container, "X-Container-Meta-A", "1", "X-Container-Meta-B", "2");
        swift.post(container, "X-Remove-Container-Meta-A", "x", "X-Container-Meta-B", "");
        swift.post(container, "X-Container-Meta-C", "3");
        Response head = swift.head(container);
        assertThat(head.header("X-Container-Meta-A")).isNull();
        assertThat(head.header("X-Container-Meta-B")).isNull();
        assertThat(head.header("X-Container-Meta-C")).isEqualTo("3");
        assertThat(swift.post(swift.account(), "X-Account-Meta-Owner", "me").status()).isEqualTo(204);
        assertThat(swift.head(swift.account()).header("X-Account-Meta-Owner")).isEqualTo("me");
        assertThat(swift.post(swift.account(), "X-Account-Meta-Quota-Bytes", "100").status()).isEqualTo(403);
    }

    @Test
    void listingsWithEveryParameterAndFormat()
    {
        String container = container();
        for (String name : List.of("a", "b/1", "b/2", "c", "d")) {
            swift.put(container + "/" + name, name);
        }
        assertThat(swift.get(container).text()).isEqualTo("a\nb/1\nb/2\nc\nd\n");
        assertThat(swift.get(container + "?delimiter=/").text()).isEqualTo("a\nb/\nc\nd\n");
        assertThat(swift.get(container + "?prefix=b/").text()).isEqualTo("b/1\nb/2\n");
        assertThat(swift.get(container + "?path=b").text()).isEqualTo("b/1\nb/2\n");
        assertThat(swift.get(container + "?marker=b/1&end_marker=d").text()).isEqualTo("b/2\nc\n");
        assertThat(swift.get(container + "?limit=2").text()).isEqualTo("a\nb/1\n");
        assertThat(swift.get(container + "?reverse=true&limit=2").text()).isEqualTo("d\nc\n");
        assertThat(swift.get(container + "?prefix=zzz").status()).isEqualTo(204);
        assertThat(swift.get(container + "?limit=10001").status()).isEqualTo(412);
        JsonNode json = swift.get(container + "?format=json&delimiter=/").json();
        assertThat(json.get(0).path("name").asText()).isEqualTo("a");
        assertThat(json.get(0).path("hash").asText()).isEqualTo(md5("a"));
        assertThat(json.get(0).path("bytes").asLong()).isEqualTo(1);
        assertThat(json.get(0).path("last_modified").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        assertThat(json.get(1).path("subdir").asText()).isEqualTo("b/");
        Response xml = swift.get(container + "?format=xml&limit=1");
        assertThat(xml.header("Content-Type")).startsWith("application/xml");
        assertThat(xml.text()).contains("<object><name>a</name><hash>" + md5("a") + "</hash><bytes>1</bytes>");
        assertThat(swift.get(container, "Accept", "application/json").header("Content-Type")).startsWith("application/json");
        Response accounts = swift.get(swift.account() + "?format=json&prefix=" + container.substring(container.lastIndexOf('/') + 1));
        assertThat(accounts.json().get(0).path("count").asLong()).isEqualTo(5);
        assertThat(accounts.json().get(0).path("bytes").asLong()).isEqualTo(9);
    }

    @Test
    void infoListsTheCapabilities()
    {
        for (String path : List.of("/info", "/object-store/info")) {
            Response info = swift.anonymous().get(path);
            assertThat(info.status()).isEqualTo(200);
            JsonNode body = info.json();
            assertThat(body.path("swift").path("max_file_size").asLong()).isEqualTo(5368709122L);
            assertThat(body.path("swift").path("max_object_name_length").asInt()).isEqualTo(1024);
            List<String> middleware = new ArrayList<>();
            body.fieldNames().forEachRemaining(middleware::add);
            assertThat(middleware).contains("slo", "dlo", "tempurl", "formpost", "bulk_delete", "bulk_upload", "account_quotas", "container_quotas",
                    "versioned_writes", "staticweb", "crossdomain");
        }
        assertThat(swift.anonymous().get("/healthcheck").text()).isEqualTo("OK");
        Response crossdomain = swift.anonymous().get("/object-store/crossdomain.xml");
        assertThat(crossdomain.text()).startsWith("<?xml version=\"1.0\"?>\n<!DOCTYPE cross-domain-policy").endsWith("</cross-domain-policy>");
        assertThat(crossdomain.header("X-Trans-Id")).matches(TRANS_ID);
    }

    @Test
    void copiesWithXCopyFromAndCopy()
    {
        String container = container();
        swift.put(container + "/src", "source", "X-Object-Meta-Origin", "src", "Content-Type", "text/x-src");
        Response put = swift.put(container + "/dst", "", "X-Copy-From", container.substring(container.lastIndexOf('/') + 1) + "/src",
                "X-Object-Meta-Extra", "1");
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.header("X-Copied-From")).endsWith("/src");
        Response copied = swift.get(container + "/dst");
        assertThat(copied.text()).isEqualTo("source");
        assertThat(copied.header("X-Object-Meta-Origin")).isEqualTo("src");
        assertThat(copied.header("X-Object-Meta-Extra")).isEqualTo("1");
        assertThat(copied.header("Content-Type")).isEqualTo("text/x-src");
        Response copy = swift.send("COPY", container + "/src", (byte[]) null, "Destination", container.substring(container.lastIndexOf('/') + 1) + "/dst2",
                "X-Fresh-Metadata", "true");
        assertThat(copy.status()).isEqualTo(201);
        assertThat(copy.header("X-Copied-From-Last-Modified")).isNotEmpty();
        Response fresh = swift.head(container + "/dst2");
        assertThat(fresh.header("X-Object-Meta-Origin")).isNull();
        swift.delete(container + "/src");
        assertThat(swift.get(container + "/dst2").text()).isEqualTo("source");
        assertThat(swift.put(container + "/x", "", "X-Copy-From", "nocontainer").status()).isEqualTo(412);
        assertThat(swift.put(container + "/x", "", "X-Copy-From", "missing/object").status()).isEqualTo(404);
    }

    @Test
    void expiredObjectsAreGone()
            throws Exception
    {
        String container = container();
        // X-Delete-At is the whole second of now plus the delay, so an object given one
        // second may already be gone when the next request arrives: three leave room.
        swift.put(container + "/soon", "x", "X-Delete-After", "3");
        assertThat(swift.head(container + "/soon").header("X-Delete-At")).matches("\\d+");
        assertThat(swift.put(container + "/past", "x", "X-Delete-At", "1000").status()).isEqualTo(400);
        Thread.sleep(4100);
        assertThat(swift.get(container + "/soon").status()).isEqualTo(404);
        server.platform().module(ObjectStoreXloudModule.class).objectStore().maintenance().reapExpired();
        assertThat(swift.head(container).header("X-Container-Object-Count")).isEqualTo("0");
    }

    static String md5(String content)
    {
        return md5(content.getBytes(StandardCharsets.UTF_8));
    }

    static String md5(byte[] content)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
