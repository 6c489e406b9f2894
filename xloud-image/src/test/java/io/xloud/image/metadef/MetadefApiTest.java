package io.xloud.image.metadef;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.image.ImageHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadefs API of the image module started alone: what Tempest's metadef tests and a Glance client see. */
class MetadefApiTest
{
    private static final String ADMIN = "admin-project:admin,member,reader";
    private static final String MEMBER = "p2:member,reader";
    private static final String OTHER = "p3:member,reader";
    private static final String NAMESPACES = "/image/v2/metadefs/namespaces";

    @TempDir
    Path dataDir;

    private ImageHost image;

    @BeforeEach
    void start()
            throws Exception
    {
        image = new ImageHost(dataDir);
    }

    @AfterEach
    void stop()
            throws Exception
    {
        image.close();
    }

    private ImageHost.Response createNamespace(String name, String visibility, boolean isProtected)
            throws Exception
    {
        return image.post(NAMESPACES, ADMIN, """
                {"namespace": "%s", "visibility": "%s", "protected": %s, "description": "Tempest", "display_name": "%s"}
                """.formatted(name, visibility, isProtected, name));
    }

    private ImageHost.Response put(String path, String token, String json)
            throws Exception
    {
        return image.put(path, token, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> names(JsonNode array, String field)
    {
        List<String> names = new ArrayList<>();
        array.forEach(item -> names.add(item.path(field).asText()));
        return names;
    }

    @Test
    void namespaceLifecycleAsTempestRunsIt()
            throws Exception
    {
        String resourceType = image.get("/image/v2/metadefs/resource_types", ADMIN).json().path("resource_types").get(0).path("name").asText();
        ImageHost.Response created = image.post(NAMESPACES, ADMIN, """
                {"namespace": "tempest-ns", "visibility": "public", "description": "Tempest", "display_name": "tempest-ns",
                 "resource_type_associations": [{"name": "%s"}], "protected": true}
                """.formatted(resourceType));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).hasValue("/v2/metadefs/namespaces/tempest-ns");
        assertThat(created.json().path("owner").asText()).isEqualTo("admin-project");
        assertThat(created.json().path("self").asText()).isEqualTo("/v2/metadefs/namespaces/tempest-ns");
        assertThat(created.json().path("schema").asText()).isEqualTo("/v2/schemas/metadefs/namespace");

        assertThat(names(image.get(NAMESPACES, ADMIN).json().path("namespaces"), "namespace")).contains("tempest-ns");
        JsonNode shown = image.get(NAMESPACES + "/tempest-ns", ADMIN).json();
        assertThat(shown.path("namespace").asText()).isEqualTo("tempest-ns");
        assertThat(shown.path("visibility").asText()).isEqualTo("public");
        assertThat(names(shown.path("resource_type_associations"), "name")).containsExactly(resourceType);

        assertThat(image.delete(NAMESPACES + "/tempest-ns", ADMIN).status()).isEqualTo(403);

        ImageHost.Response updated = put(NAMESPACES + "/tempest-ns", ADMIN, """
                {"namespace": "tempest-ns", "description": "Tempest", "visibility": "private", "display_name": "tempest-ns", "protected": false}
                """);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("visibility").asText()).isEqualTo("private");
        assertThat(updated.json().path("protected").asBoolean()).isFalse();
        assertThat(updated.json().path("owner").asText()).isEqualTo("admin-project");
        // what a replace leaves out takes the create defaults, as Glance's PUT does
        JsonNode bare = put(NAMESPACES + "/tempest-ns", ADMIN, "{\"namespace\": \"tempest-ns\", \"owner\": \"\"}").json();
        assertThat(bare.path("owner").asText()).isEqualTo("admin-project");
        assertThat(bare.has("description")).isFalse();
        assertThat(bare.path("visibility").asText()).isEqualTo("private");

        assertThat(image.delete(NAMESPACES + "/tempest-ns", ADMIN).status()).isEqualTo(204);
        assertThat(image.get(NAMESPACES + "/tempest-ns", ADMIN).status()).isEqualTo(404);
    }

    @Test
    void privateNamespacesAreHiddenFromOtherProjectsAndPublicOnesReadOnly()
            throws Exception
    {
        assertThat(image.post(NAMESPACES, ADMIN, """
                {"namespace": "p2-private", "visibility": "private", "owner": "p2"}
                """).status()).isEqualTo(201);
        assertThat(createNamespace("everyone", "public", false).status()).isEqualTo(201);

        assertThat(image.get(NAMESPACES + "/p2-private", MEMBER).status()).isEqualTo(200);
        assertThat(image.get(NAMESPACES + "/p2-private", OTHER).status()).isEqualTo(404);
        assertThat(image.get(NAMESPACES + "/p2-private/objects", OTHER).status()).isEqualTo(404);
        assertThat(image.delete(NAMESPACES + "/p2-private", OTHER).status()).isEqualTo(404);
        List<String> seen = names(image.get(NAMESPACES + "?limit=1000", OTHER).json().path("namespaces"), "namespace");
        assertThat(seen).contains("everyone").doesNotContain("p2-private");
        assertThat(names(image.get(NAMESPACES + "?limit=1000", MEMBER).json().path("namespaces"), "namespace")).contains("p2-private", "everyone");

        // members read but do not change the catalog, even their own project's namespace
        assertThat(image.get(NAMESPACES + "/everyone", OTHER).status()).isEqualTo(200);
        assertThat(image.delete(NAMESPACES + "/everyone", OTHER).status()).isEqualTo(403);
        assertThat(image.delete(NAMESPACES + "/p2-private", MEMBER).status()).isEqualTo(403);
        assertThat(image.post(NAMESPACES, MEMBER, "{\"namespace\": \"mine\"}").status()).isEqualTo(403);
        assertThat(image.send("POST", NAMESPACES + "/everyone/tags/x", OTHER, null, null).status()).isEqualTo(403);
        assertThat(image.get(NAMESPACES + "/everyone", "bad").status()).isEqualTo(401);
    }

    @Test
    void shippedNamespacesAreLoadedOnceAndStayDeletedAfterRestart()
            throws Exception
    {
        JsonNode all = image.get(NAMESPACES + "?limit=1000", ADMIN).json().path("namespaces");
        assertThat(names(all, "namespace")).contains("OS::Compute::Hypervisor", "OS::Compute::CPUPinning", "OS::Compute::HostCapabilities",
                "OS::Compute::Watchdog", "OS::Glance::Signatures", "OS::Compute::LibvirtImage", "CIM::ProcessorAllocationSettingData");
        assertThat(all.size()).isEqualTo(33);

        JsonNode watchdog = image.get(NAMESPACES + "/OS::Compute::Watchdog", MEMBER).json();
        assertThat(watchdog.path("owner").asText()).isEqualTo("admin");
        assertThat(watchdog.path("protected").asBoolean()).isTrue();
        assertThat(watchdog.path("properties").path("watchdog_action").path("enum").size()).isEqualTo(5);
        JsonNode pinned = image.get(NAMESPACES + "/OS::Compute::CPUPinning?resource_type=OS::Glance::Image", MEMBER).json();
        assertThat(pinned.path("properties").has("hw_cpu_policy")).isTrue();
        JsonNode property = image.get(NAMESPACES + "/OS::Compute::CPUPinning/properties/hw_cpu_policy?resource_type=OS::Glance::Image", MEMBER).json();
        assertThat(property.path("name").asText()).isEqualTo("cpu_policy");

        assertThat(image.delete(NAMESPACES + "/OS::Compute::Watchdog", ADMIN).status()).isEqualTo(403);
        assertThat(put(NAMESPACES + "/OS::Compute::Watchdog", ADMIN, "{\"namespace\": \"OS::Compute::Watchdog\", \"visibility\": \"public\"}")
                .status()).isEqualTo(200);
        assertThat(image.delete(NAMESPACES + "/OS::Compute::Watchdog", ADMIN).status()).isEqualTo(204);

        image.close();
        image = new ImageHost(dataDir);
        List<String> after = names(image.get(NAMESPACES + "?limit=1000", ADMIN).json().path("namespaces"), "namespace");
        assertThat(after).hasSize(32).doesNotContain("OS::Compute::Watchdog");
        assertThat(names(image.get("/image/v2/metadefs/resource_types", ADMIN).json().path("resource_types"), "name"))
                .contains("OS::Glance::Image", "OS::Nova::Flavor", "OS::Cinder::Volume");
    }

    @Test
    void objectsPropertiesAndTagsOfANamespace()
            throws Exception
    {
        createNamespace("ns", "public", false);
        ImageHost.Response object = image.post(NAMESPACES + "/ns/objects", ADMIN, """
                {"name": "obj", "description": "d", "required": ["a"], "properties": {"a": {"type": "string", "title": "A"}}}
                """);
        assertThat(object.status()).isEqualTo(201);
        assertThat(object.json().path("self").asText()).isEqualTo("/v2/metadefs/namespaces/ns/objects/obj");
        assertThat(image.post(NAMESPACES + "/ns/objects", ADMIN, "{\"name\": \"obj\"}").status()).isEqualTo(409);
        JsonNode bare = image.post(NAMESPACES + "/ns/objects", ADMIN, "{\"name\": \"bare\"}").json();
        assertThat(bare.path("required").isArray()).isTrue();
        assertThat(bare.path("properties").isObject()).isTrue();
        // as Glance, the object list takes paging parameters and lists them all
        assertThat(names(image.get(NAMESPACES + "/ns/objects?limit=1", MEMBER).json().path("objects"), "name")).containsExactlyInAnyOrder("obj", "bare");
        assertThat(image.delete(NAMESPACES + "/ns/objects/bare", ADMIN).status()).isEqualTo(204);
        ImageHost.Response renamed = put(NAMESPACES + "/ns/objects/obj", ADMIN, "{\"name\": \"obj2\"}");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().path("name").asText()).isEqualTo("obj2");
        assertThat(names(image.get(NAMESPACES + "/ns/objects", MEMBER).json().path("objects"), "name")).containsExactly("obj2");
        assertThat(image.get(NAMESPACES + "/ns/objects/obj2", MEMBER).json().path("name").asText()).isEqualTo("obj2");
        assertThat(image.delete(NAMESPACES + "/ns/objects/obj2", ADMIN).status()).isEqualTo(204);
        assertThat(image.get(NAMESPACES + "/ns/objects/obj2", ADMIN).status()).isEqualTo(404);

        ImageHost.Response property = image.post(NAMESPACES + "/ns/properties", ADMIN, """
                {"name": "hypervisor", "title": "Hypervisor", "type": "string", "enum": ["xen", "qemu", "kvm"]}
                """);
        assertThat(property.status()).isEqualTo(201);
        assertThat(property.json().path("title").asText()).isEqualTo("Hypervisor");
        assertThat(image.get(NAMESPACES + "/ns/properties/hypervisor", MEMBER).json().path("name").asText()).isEqualTo("hypervisor");
        ImageHost.Response changed = put(NAMESPACES + "/ns/properties/hypervisor", ADMIN, """
                {"name": "hypervisor", "title": "Changed", "type": "string", "enum": ["kvm"]}
                """);
        assertThat(changed.json().path("title").asText()).isEqualTo("Changed");
        assertThat(image.get(NAMESPACES + "/ns/properties", MEMBER).json().path("properties").path("hypervisor").path("title").asText())
                .isEqualTo("Changed");
        assertThat(image.delete(NAMESPACES + "/ns/properties/hypervisor", ADMIN).status()).isEqualTo(204);
        assertThat(image.get(NAMESPACES + "/ns/properties", MEMBER).json().path("properties").size()).isZero();

        ImageHost.Response tags = image.post(NAMESPACES + "/ns/tags", ADMIN, """
                {"tags": [{"name": "sample-tag1"}, {"name": "sample-tag2"}, {"name": "sample-tag3"}]}
                """);
        assertThat(tags.status()).isEqualTo(201);
        assertThat(names(image.get(NAMESPACES + "/ns/tags", MEMBER).json().path("tags"), "name"))
                .containsExactlyInAnyOrder("sample-tag1", "sample-tag2", "sample-tag3");
        assertThat(image.send("POST", NAMESPACES + "/ns/tags/extra", ADMIN, null, null).status()).isEqualTo(201);
        assertThat(image.send("POST", NAMESPACES + "/ns/tags/EXTRA", ADMIN, null, null).status()).isEqualTo(409);
        ImageHost.Response tag = put(NAMESPACES + "/ns/tags/extra", ADMIN, "{\"name\": \"renamed\"}");
        assertThat(tag.json().path("name").asText()).isEqualTo("renamed");
        assertThat(image.get(NAMESPACES + "/ns/tags/renamed", MEMBER).json().path("created_at").asText()).endsWith("Z");
        assertThat(image.delete(NAMESPACES + "/ns/tags/renamed", ADMIN).status()).isEqualTo(204);
        assertThat(image.delete(NAMESPACES + "/ns/tags", ADMIN).status()).isEqualTo(204);
        assertThat(image.get(NAMESPACES + "/ns/tags", MEMBER).json().path("tags").size()).isZero();
    }

    @Test
    void bulkTagsReplaceUnlessAppendedAndRefuseDuplicates()
            throws Exception
    {
        createNamespace("ns", "public", false);
        image.post(NAMESPACES + "/ns/tags", ADMIN, "{\"tags\": [{\"name\": \"tag1\"}, {\"name\": \"tag2\"}, {\"name\": \"tag3\"}]}");
        ImageHost.Response duplicated = image.post(NAMESPACES + "/ns/tags", ADMIN, "{\"tags\": [{\"name\": \"tag4\"}, {\"name\": \"tag5\"}, {\"name\": \"tag4\"}]}");
        assertThat(duplicated.status()).isEqualTo(409);
        assertThat(image.get(NAMESPACES + "/ns/tags", ADMIN).json().path("tags").size()).isEqualTo(3);

        ImageHost.Response appended = image.send("POST", NAMESPACES + "/ns/tags", ADMIN, "application/json",
                "{\"tags\": [{\"name\": \"tag4\"}, {\"name\": \"tag5\"}, {\"name\": \"tag6\"}]}".getBytes(StandardCharsets.UTF_8),
                "X-Openstack-Append", "True");
        assertThat(appended.status()).isEqualTo(201);
        assertThat(image.get(NAMESPACES + "/ns/tags", ADMIN).json().path("tags").size()).isEqualTo(6);
        assertThat(image.get(NAMESPACES + "/ns/tags?limit=0", ADMIN).json().path("tags").size()).isEqualTo(6);
        JsonNode firstTwo = image.get(NAMESPACES + "/ns/tags?limit=2&sort_key=name&sort_dir=asc", ADMIN).json().path("tags");
        assertThat(names(firstTwo, "name")).containsExactly("tag1", "tag2");
        assertThat(names(image.get(NAMESPACES + "/ns/tags?limit=2&sort_key=name&sort_dir=asc&marker=tag2", ADMIN).json().path("tags"), "name"))
                .containsExactly("tag3", "tag4");
        assertThat(image.send("POST", NAMESPACES + "/ns/tags", ADMIN, "application/json",
                "{\"tags\": [{\"name\": \"TAG6\"}]}".getBytes(StandardCharsets.UTF_8), "X-Openstack-Append", "true").status()).isEqualTo(409);

        ImageHost.Response replaced = image.post(NAMESPACES + "/ns/tags", ADMIN, "{\"tags\": [{\"name\": \"only\"}]}");
        assertThat(names(replaced.json().path("tags"), "name")).containsExactly("only");
        assertThat(names(image.get(NAMESPACES + "/ns/tags", ADMIN).json().path("tags"), "name")).containsExactly("only");
    }

    @Test
    void thousandsOfTagsInOneRequestAreStoredTogether()
            throws Exception
    {
        createNamespace("many", "public", false);
        StringBuilder body = new StringBuilder("{\"tags\": [");
        for (int i = 0; i < 2000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"name\": \"tag-").append(i).append("\"}");
        }
        body.append("]}");
        ImageHost.Response created = image.post(NAMESPACES + "/many/tags", ADMIN, body.toString());
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("tags").size()).isEqualTo(2000);
        assertThat(image.get(NAMESPACES + "/many/tags", MEMBER).json().path("tags").size()).isEqualTo(2000);
        // one name twice at the very end: nothing of the request is kept
        ImageHost.Response refused = image.post(NAMESPACES + "/many/tags", ADMIN, body.toString().replace("]}", ",{\"name\": \"TAG-1\"}]}"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(image.get(NAMESPACES + "/many/tags", MEMBER).json().path("tags").size()).isEqualTo(2000);
    }

    @Test
    void resourceTypeAssociations()
            throws Exception
    {
        createNamespace("ns", "public", false);
        ImageHost.Response associated = image.post(NAMESPACES + "/ns/resource_types", ADMIN,
                "{\"name\": \"OS::Nova::Flavor\", \"prefix\": \"hw:\"}");
        assertThat(associated.status()).isEqualTo(201);
        assertThat(associated.json().path("name").asText()).isEqualTo("OS::Nova::Flavor");
        assertThat(associated.json().path("prefix").asText()).isEqualTo("hw:");
        assertThat(image.post(NAMESPACES + "/ns/resource_types", ADMIN, "{\"name\": \"OS::Nova::Flavor\"}").status()).isEqualTo(409);
        assertThat(image.post(NAMESPACES + "/ns/resource_types", ADMIN, "{\"name\": \"Brand::New\"}").status()).isEqualTo(201);
        assertThat(names(image.get("/image/v2/metadefs/resource_types", MEMBER).json().path("resource_types"), "name")).contains("Brand::New");
        assertThat(names(image.get(NAMESPACES + "/ns/resource_types", MEMBER).json().path("resource_type_associations"), "name"))
                .containsExactlyInAnyOrder("OS::Nova::Flavor", "Brand::New");
        assertThat(names(image.get(NAMESPACES + "?resource_types=Brand::New", ADMIN).json().path("namespaces"), "namespace"))
                .containsExactly("ns");

        assertThat(image.delete(NAMESPACES + "/ns/resource_types/OS::Nova::Flavor", ADMIN).status()).isEqualTo(204);
        assertThat(image.delete(NAMESPACES + "/ns/resource_types/OS::Nova::Flavor", ADMIN).status()).isEqualTo(404);
        assertThat(image.delete(NAMESPACES + "/ns/resource_types/No::Such", ADMIN).status()).isEqualTo(404);
        assertThat(names(image.get(NAMESPACES + "/ns/resource_types", MEMBER).json().path("resource_type_associations"), "name"))
                .containsExactly("Brand::New");
    }

    @Test
    void namespaceListPagesWithNextAndFirst()
            throws Exception
    {
        for (int i = 0; i < 3; i++) {
            createNamespace("page-" + i, "public", false);
        }
        JsonNode first = image.get(NAMESPACES + "?limit=2&sort_key=namespace&sort_dir=asc&visibility=public", ADMIN).json();
        assertThat(first.path("namespaces").size()).isEqualTo(2);
        assertThat(first.path("first").asText()).isEqualTo("/v2/metadefs/namespaces?limit=2&sort_key=namespace&sort_dir=asc&visibility=public");
        assertThat(first.path("schema").asText()).isEqualTo("/v2/schemas/metadefs/namespaces");
        List<String> seen = new ArrayList<>(names(first.path("namespaces"), "namespace"));
        JsonNode page = first;
        while (page.has("next")) {
            page = image.get("/image" + page.path("next").asText(), ADMIN).json();
            seen.addAll(names(page.path("namespaces"), "namespace"));
        }
        assertThat(seen).hasSize(34).isSorted();
        assertThat(image.get(NAMESPACES + "?limit=x", ADMIN).status()).isEqualTo(400);
        assertThat(image.get(NAMESPACES + "?limit=-1", ADMIN).status()).isEqualTo(400);
        assertThat(image.get(NAMESPACES + "?sort_dir=up", ADMIN).status()).isEqualTo(400);
        assertThat(image.get(NAMESPACES + "?sort_key=owner;drop", ADMIN).status()).isEqualTo(400);
        assertThat(image.get(NAMESPACES + "?visibility=shared", ADMIN).status()).isEqualTo(400);
        assertThat(image.get(NAMESPACES + "?marker=nope", ADMIN).status()).isEqualTo(404);
    }

    @Test
    void schemasAreGlances()
            throws Exception
    {
        for (String name : List.of("namespace", "namespaces", "object", "objects", "property", "properties", "tag", "tags")) {
            ImageHost.Response schema = image.get("/image/v2/schemas/metadefs/" + name, MEMBER);
            assertThat(schema.status()).isEqualTo(200);
            assertThat(schema.json().path("name").asText()).isEqualTo(name);
        }
        assertThat(image.get("/image/v2/schemas/metadefs/resource_type", MEMBER).json().path("name").asText()).isEqualTo("resource_type_association");
        assertThat(image.get("/image/v2/schemas/metadefs/resource_types", MEMBER).json().path("name").asText()).isEqualTo("resource_type_associations");
        assertThat(image.get("/image/v2/schemas/metadefs/namespace", MEMBER).json().path("properties").path("namespace").path("maxLength").asInt())
                .isEqualTo(80);
        assertThat(image.post("/image/v2/schemas/metadefs/namespace", ADMIN, "{}").status()).isEqualTo(405);
    }

    @Test
    void malformedAndHostileBodiesAreRefusedWithoutChange()
            throws Exception
    {
        assertThat(image.post(NAMESPACES, ADMIN, "{\"namespace\": ").status()).isEqualTo(400);
        assertThat(image.post(NAMESPACES, ADMIN, "[]").status()).isEqualTo(400);
        assertThat(image.post(NAMESPACES, ADMIN, "{}").status()).isEqualTo(400);
        assertThat(image.post(NAMESPACES, ADMIN, "{\"namespace\": \"\"}").status()).isEqualTo(400);
        assertThat(image.post(NAMESPACES, ADMIN, "{\"namespace\": null}").status()).isEqualTo(400);
        assertThat(image.post(NAMESPACES, ADMIN, "{\"namespace\": \"a\\u0000b\"}").status()).isEqualTo(400);
        assertThat(image.post(NAMESPACES, ADMIN, "{\"namespace\": \"n\", \"properties\": {\"p\\u0000\": {\"type\": \"string\", \"title\": \"t\"}}}")
                .status()).isEqualTo(400);
        assertThat(image.get(NAMESPACES + "?marker=%00", ADMIN).status()).isEqualTo(400);
        assertThat(image.get(NAMESPACES + "/n", ADMIN).status()).isEqualTo(404);
        assertThat(image.post(NAMESPACES, ADMIN, "{\"namespace\": \"x\", \"unknown\": 1}").status()).isEqualTo(400);
        assertThat(image.post(NAMESPACES, ADMIN, "{\"namespace\": \"x\", \"visibility\": \"shared\"}").status()).isEqualTo(400);
        assertThat(image.post(NAMESPACES, ADMIN, "{\"namespace\": \"x\", \"protected\": \"yes\"}").status()).isEqualTo(400);
        assertThat(image.post(NAMESPACES, ADMIN, "{\"namespace\": \"" + "n".repeat(81) + "\"}").status()).isEqualTo(400);
        assertThat(image.post(NAMESPACES, ADMIN, "{\"namespace\": \"x\", \"description\": \"" + "d".repeat(501) + "\"}").status()).isEqualTo(400);
        ImageHost.Response readOnly = image.post(NAMESPACES, ADMIN, "{\"namespace\": \"x\", \"created_at\": \"2020-01-01T00:00:00Z\"}");
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.json().path("title").asText()).isEqualTo("Forbidden");
        assertThat(image.post(NAMESPACES, ADMIN, "{\"namespace\": \"x\", \"tags\": [{\"name\": \"" + "t".repeat(300) + "\"}]}").status())
                .isEqualTo(400);
        assertThat(image.post(NAMESPACES, ADMIN, "{\"namespace\": \"x\", \"objects\": [{\"name\": \"o\", \"properties\": {\"p\": {\"type\": \"nope\", \"title\": \"t\"}}}]}")
                .status()).isEqualTo(400);
        // a namespace whose content repeats a name is refused whole
        assertThat(image.post(NAMESPACES, ADMIN, "{\"namespace\": \"x\", \"tags\": [{\"name\": \"a\"}, {\"name\": \"A\"}]}").status()).isEqualTo(409);
        assertThat(image.get(NAMESPACES + "/x", ADMIN).status()).isEqualTo(404);

        createNamespace("dup", "public", false);
        assertThat(createNamespace("dup", "public", false).status()).isEqualTo(409);
        createNamespace("other", "public", false);
        assertThat(put(NAMESPACES + "/other", ADMIN, "{\"namespace\": \"dup\"}").status()).isEqualTo(409);
        assertThat(image.post(NAMESPACES + "/dup/properties", ADMIN, "{\"name\": \"p\", \"title\": \"P\"}").status()).isEqualTo(400);
        assertThat(image.post(NAMESPACES + "/dup/properties", ADMIN, "{\"name\": \"p\", \"title\": \"P\", \"type\": \"string\", \"x\": 1}").status())
                .isEqualTo(400);
        assertThat(image.post(NAMESPACES + "/dup/objects", ADMIN, "{\"name\": \"o\", \"self\": \"/x\"}").status()).isEqualTo(403);
        assertThat(image.post(NAMESPACES + "/dup/objects", ADMIN, "{\"name\": \"o\", \"description\": \"" + "d".repeat(70_000) + "\"}").status())
                .isEqualTo(400);
        assertThat(image.get(NAMESPACES + "/dup/objects/o", ADMIN).status()).isEqualTo(404);
        assertThat(image.send("POST", NAMESPACES + "/dup/tags/" + "t".repeat(81), ADMIN, null, null).status()).isEqualTo(400);
        assertThat(put(NAMESPACES + "/dup/tags/none", ADMIN, "{\"name\": \"y\"}").status()).isEqualTo(404);
        assertThat(image.post(NAMESPACES + "/dup/resource_types", ADMIN, "{\"name\": \"" + "r".repeat(81) + "\"}").status()).isEqualTo(400);
        assertThat(image.post(NAMESPACES + "/nope/objects", ADMIN, "{\"name\": \"o\"}").status()).isEqualTo(404);
        assertThat(image.send("POST", NAMESPACES, ADMIN, "application/json", new byte[4 * 1024 * 1024]).status()).isEqualTo(413);
    }

    @Test
    void contentOfAProtectedNamespaceIsNotDeleted()
            throws Exception
    {
        image.post(NAMESPACES, ADMIN, """
                {"namespace": "locked", "protected": true, "objects": [{"name": "o"}], "tags": [{"name": "t"}],
                 "properties": {"p": {"type": "string", "title": "P"}}, "resource_type_associations": [{"name": "OS::Glance::Image"}]}
                """);
        assertThat(image.delete(NAMESPACES + "/locked/objects/o", ADMIN).status()).isEqualTo(403);
        assertThat(image.delete(NAMESPACES + "/locked/properties/p", ADMIN).status()).isEqualTo(403);
        assertThat(image.delete(NAMESPACES + "/locked/tags/t", ADMIN).status()).isEqualTo(403);
        assertThat(image.delete(NAMESPACES + "/locked/tags", ADMIN).status()).isEqualTo(403);
        assertThat(image.delete(NAMESPACES + "/locked/objects", ADMIN).status()).isEqualTo(403);
        assertThat(image.delete(NAMESPACES + "/locked/resource_types/OS::Glance::Image", ADMIN).status()).isEqualTo(403);
        JsonNode detail = image.get(NAMESPACES + "/locked", ADMIN).json();
        assertThat(detail.path("objects").size()).isEqualTo(1);
        assertThat(detail.path("tags").size()).isEqualTo(1);
        assertThat(detail.path("properties").has("p")).isTrue();
    }
}
