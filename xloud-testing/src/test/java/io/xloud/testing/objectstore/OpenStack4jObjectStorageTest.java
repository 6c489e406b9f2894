package io.xloud.testing.objectstore;

import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.OSClient;
import org.openstack4j.model.common.DLPayload;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.common.Payloads;
import org.openstack4j.model.storage.object.SwiftContainer;
import org.openstack4j.model.storage.object.SwiftObject;
import org.openstack4j.model.storage.object.options.ContainerListOptions;
import org.openstack4j.model.storage.object.options.ObjectListOptions;
import org.openstack4j.openstack.OSFactory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Swift through openstack4j, found through the catalog as any OpenStack client finds it. */
class OpenStack4jObjectStorageTest
{
    private static TestServer server;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    @Test
    void containersAndObjectsRoundTrip()
            throws Exception
    {
        OSClient.OSClientV3 os = OSFactory.builderV3()
                .endpoint(server.identityUrl())
                .credentials("admin", TestServer.ADMIN_PASSWORD, Identifier.byName("Default"))
                .scopeToProject(Identifier.byName("admin"), Identifier.byName("Default"))
                .authenticate();

        assertThat(os.objectStorage().containers().create("o4j-container").isSuccess()).isTrue();
        assertThat(os.objectStorage().containers().list(ContainerListOptions.create().startsWith("o4j")))
                .extracting(SwiftContainer::getName).containsExactly("o4j-container");

        byte[] content = "hello from openstack4j \u00e9".getBytes(StandardCharsets.UTF_8);
        String etag = os.objectStorage().objects().put("o4j-container", "dir/hello.txt", Payloads.create(new ByteArrayInputStream(content)));
        assertThat(etag).isNotBlank();

        List<? extends SwiftObject> objects = os.objectStorage().objects().list("o4j-container", ObjectListOptions.create().path("dir"));
        assertThat(objects).extracting(SwiftObject::getName).containsExactly("dir/hello.txt");
        assertThat(objects.getFirst().getSizeInBytes()).isEqualTo(content.length);

        DLPayload download = os.objectStorage().objects().download("o4j-container", "dir/hello.txt");
        try (InputStream in = download.getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }

        assertThat(os.objectStorage().objects().updateMetadata(
                org.openstack4j.model.storage.object.options.ObjectLocation.create("o4j-container", "dir/hello.txt"),
                Map.of("Color", "blue"))).isTrue();
        assertThat(os.objectStorage().objects().getMetadata("o4j-container", "dir/hello.txt")).containsEntry("X-Object-Meta-Color", "blue");

        assertThat(os.objectStorage().objects().delete("o4j-container", "dir/hello.txt").isSuccess()).isTrue();
        assertThat(os.objectStorage().containers().delete("o4j-container").isSuccess()).isTrue();
        assertThat(os.objectStorage().containers().list(ContainerListOptions.create().startsWith("o4j"))).isEmpty();
    }
}
