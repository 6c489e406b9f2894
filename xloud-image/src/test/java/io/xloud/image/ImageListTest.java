package io.xloud.image;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.xloud.image.ImageApiTest.ADMIN;
import static io.xloud.image.ImageApiTest.MEMBER;
import static io.xloud.image.ImageApiTest.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /v2/images: who sees what, filters, sorting and paging as Glance answers them. */
class ImageListTest
{
    @TempDir
    Path dataDir;

    private ImageHost host;

    @BeforeEach
    void start()
            throws Exception
    {
        host = new ImageHost(dataDir);
    }

    @AfterEach
    void stop()
            throws Exception
    {
        host.close();
    }

    private String create(String token, String body)
            throws Exception
    {
        ImageHost.Response response = host.post("/image/v2/images", token, body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    private List<String> ids(String token, String query)
            throws Exception
    {
        ImageHost.Response response = host.get("/image/v2/images" + query, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("images").forEach(image -> ids.add(image.get("id").asText()));
        return ids;
    }

    @Test
    void eachProjectSeesItsOwnPublicAndAcceptedSharedImages()
            throws Exception
    {
        String mine = create(MEMBER, "{\"name\": \"mine\", \"visibility\": \"private\"}");
        String shared = create(MEMBER, "{\"name\": \"shared\"}");
        String community = create(MEMBER, "{\"name\": \"community\", \"visibility\": \"community\"}");
        String published = create(ADMIN, "{\"name\": \"public\", \"visibility\": \"public\"}");
        String hidden = create(MEMBER, "{\"name\": \"hidden\", \"os_hidden\": true}");

        assertThat(ids(MEMBER, "")).containsExactlyInAnyOrder(mine, shared, community, published);
        assertThat(ids(OTHER, "")).containsExactly(published);
        assertThat(ids(OTHER, "?visibility=community")).containsExactly(community);
        assertThat(ids(OTHER, "?visibility=shared")).isEmpty();
        assertThat(ids(MEMBER, "?os_hidden=true")).containsExactly(hidden);
        assertThat(ids(MEMBER, "?visibility=private")).containsExactly(mine);

        assertThat(host.post("/image/v2/images/" + shared + "/members", MEMBER, "{\"member\": \"p2\"}").status()).isEqualTo(200);
        assertThat(ids(OTHER, "")).containsExactly(published);
        assertThat(ids(OTHER, "?member_status=pending")).containsExactlyInAnyOrder(published, shared);
        assertThat(ids(OTHER, "?visibility=shared&member_status=all")).containsExactly(shared);
        assertThat(host.send("PUT", "/image/v2/images/" + shared + "/members/p2", OTHER, "application/json",
                "{\"status\": \"accepted\"}".getBytes()).status()).isEqualTo(200);
        assertThat(ids(OTHER, "")).containsExactlyInAnyOrder(published, shared);
        assertThat(ids(OTHER, "?visibility=shared")).containsExactly(shared);

        assertThat(ids("p9:admin,member,reader", "?limit=100")).hasSize(4);
        assertThat(host.get("/image/v2/images?visibility=everyone", MEMBER).status()).isEqualTo(400);
        assertThat(host.get("/image/v2/images?member_status=maybe", MEMBER).status()).isEqualTo(400);
    }

    @Test
    void filtersOnAttributesTagsPropertiesAndSizes()
            throws Exception
    {
        String a = create(MEMBER, "{\"name\": \"a\", \"disk_format\": \"raw\", \"container_format\": \"bare\", \"tags\": [\"x\", \"y\"],"
                + " \"os_distro\": \"ubuntu\"}");
        String b = create(MEMBER, "{\"name\": \"b\", \"disk_format\": \"qcow2\", \"container_format\": \"bare\", \"tags\": [\"x\"],"
                + " \"protected\": true}");
        String c = create(MEMBER, "{\"name\": \"c\", \"disk_format\": \"iso\", \"container_format\": \"ovf\"}");
        host.put("/image/v2/images/" + a + "/file", MEMBER, "application/octet-stream", new byte[100]);
        host.put("/image/v2/images/" + b + "/file", MEMBER, "application/octet-stream", new byte[2000]);

        assertThat(ids(MEMBER, "?name=a")).containsExactly(a);
        assertThat(ids(MEMBER, "?name=in:a,c")).containsExactlyInAnyOrder(a, c);
        assertThat(ids(MEMBER, "?disk_format=qcow2")).containsExactly(b);
        assertThat(ids(MEMBER, "?container_format=bare")).containsExactlyInAnyOrder(a, b);
        assertThat(ids(MEMBER, "?status=active")).containsExactlyInAnyOrder(a, b);
        assertThat(ids(MEMBER, "?status=queued")).containsExactly(c);
        assertThat(ids(MEMBER, "?tag=x")).containsExactlyInAnyOrder(a, b);
        assertThat(ids(MEMBER, "?tag=x&tag=y")).containsExactly(a);
        assertThat(ids(MEMBER, "?os_distro=ubuntu")).containsExactly(a);
        assertThat(ids(MEMBER, "?os_distro=debian")).isEmpty();
        assertThat(ids(MEMBER, "?protected=true")).containsExactly(b);
        assertThat(ids(MEMBER, "?size_min=50&size_max=150")).containsExactly(a);
        assertThat(ids(MEMBER, "?size=2000")).containsExactly(b);
        assertThat(ids(MEMBER, "?owner=p1")).hasSize(3);
        assertThat(ids(MEMBER, "?created_at=lte:2999-01-01T00:00:00Z")).hasSize(3);
        assertThat(ids(MEMBER, "?created_at=gt:2999-01-01T00:00:00Z")).isEmpty();
        assertThat(ids(MEMBER, "?updated_at=gte:2000-01-01T00:00:00Z")).hasSize(3);
        assertThat(host.get("/image/v2/images?size_min=big", MEMBER).status()).isEqualTo(400);
        assertThat(host.get("/image/v2/images?created_at=gt:yesterday", MEMBER).status()).isEqualTo(400);
        assertThat(host.get("/image/v2/images?protected=perhaps", MEMBER).status()).isEqualTo(400);
    }

    @Test
    void sortsAndPagesWithNextLinks()
            throws Exception
    {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            String id = create(MEMBER, "{\"name\": \"img-" + i + "\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}");
            host.put("/image/v2/images/" + id + "/file", MEMBER, "application/octet-stream", new byte[(i * 37) % 11 + 1]);
            created.add(id);
        }

        List<Long> sizes = new ArrayList<>();
        host.get("/image/v2/images?sort=size:desc", MEMBER).json().get("images").forEach(image -> sizes.add(image.get("size").asLong()));
        assertThat(sizes).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        List<String> names = new ArrayList<>();
        host.get("/image/v2/images?sort_key=name&sort_dir=asc", MEMBER).json().get("images").forEach(image -> names.add(image.get("name").asText()));
        assertThat(names).isSorted().hasSize(7);

        Set<String> seen = new HashSet<>();
        String next = "/v2/images?limit=3&sort_key=name&sort_dir=asc";
        int pages = 0;
        while (next != null) {
            JsonNode page = host.get("/image" + next, MEMBER).json();
            assertThat(page.get("first").asText()).startsWith("/v2/images");
            assertThat(page.get("schema").asText()).isEqualTo("/v2/schemas/images");
            page.get("images").forEach(image -> assertThat(seen.add(image.get("id").asText())).isTrue());
            next = page.has("next") ? page.get("next").asText() : null;
            pages++;
        }
        assertThat(seen).isEqualTo(created);
        assertThat(pages).isEqualTo(3);

        assertThat(ids(MEMBER, "?limit=2")).hasSize(2);
        assertThat(host.get("/image/v2/images?limit=-1", MEMBER).status()).isEqualTo(400);
        assertThat(host.get("/image/v2/images?sort_key=color", MEMBER).status()).isEqualTo(400);
        assertThat(host.get("/image/v2/images?sort_dir=sideways", MEMBER).status()).isEqualTo(400);
        assertThat(host.get("/image/v2/images?marker=" + java.util.UUID.randomUUID(), MEMBER).status()).isEqualTo(400);
        assertThat(host.get("/image/v2/images?marker=" + created.iterator().next(), OTHER).status()).isEqualTo(400);
    }
}
