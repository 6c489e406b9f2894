package io.xloud.image;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The image module started alone: version discovery and Glance's error bodies. */
class ImageModuleAloneTest
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

    @Test
    void theRootListsEveryV2VersionWithTheNewestCurrent()
            throws Exception
    {
        ImageHost.Response response = host.get("/image", null);

        assertThat(response.status()).isEqualTo(300);
        JsonNode versions = response.json().get("versions");
        assertThat(versions).hasSize(17);
        assertThat(versions.get(0).get("id").asText()).isEqualTo("v2.16");
        assertThat(versions.get(0).get("status").asText()).isEqualTo("CURRENT");
        assertThat(versions.get(16).get("id").asText()).isEqualTo("v2.0");
        assertThat(versions.get(16).get("status").asText()).isEqualTo("SUPPORTED");
        assertThat(versions.get(0).get("links").get(0).get("href").asText()).isEqualTo(host.url() + "/image/v2/");
        assertThat(host.get("/image/", null).status()).isEqualTo(300);
        assertThat(host.get("/image/versions", null).status()).isEqualTo(200);
        assertThat(host.get("/image/v2", null).status()).isEqualTo(200);
    }

    @Test
    void errorsAreWebobJson()
            throws Exception
    {
        ImageHost.Response response = host.get("/image/v2/nothing-here", "p1:reader");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(response.json().get("code").asText()).isEqualTo("404 Not Found");
        assertThat(response.json().get("title").asText()).isEqualTo("Not Found");
        assertThat(response.json().get("message").asText()).startsWith("The resource could not be found.");
    }
}
