package io.xloud.core.microversion;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The version documents of Nova and Cinder, rendered from nothing but each module's declared range. */
class ApiVersionTest
{
    private static final MicroversionSupport COMPUTE = MicroversionSupport.of("compute", "2.1", "2.96").withLegacyHeader("X-OpenStack-Nova-API-Version");
    private static final MicroversionSupport VOLUME = MicroversionSupport.of("volume", "3.0", "3.70");

    private static final ApiVersion NOVA_V21 = ApiVersion.current("v2.1", "/v2.1", COMPUTE, "2013-07-23T11:33:21Z",
            "application/vnd.openstack.compute+json;version=2.1", "http://docs.openstack.org/");
    private static final ApiVersion NOVA_V20 = ApiVersion.withoutMicroversions("v2.0", "/v2", ApiVersion.SUPPORTED, "2011-01-21T11:33:21Z",
            "application/vnd.openstack.compute+json;version=2", "http://docs.openstack.org/");
    private static final ApiVersion CINDER_V3 = ApiVersion.current("v3.0", "/v3", VOLUME, "2023-08-31T00:00:00Z",
            "application/vnd.openstack.volume+json;version=3", "https://docs.openstack.org/");

    @Test
    void novaRootListsVersionsWithTheirSelfLinkOnly()
            throws IOException
    {
        assertJson(ApiVersion.list("http://cloud.example/compute", ApiVersion.Detail.SUMMARY, List.of(NOVA_V20, NOVA_V21)), """
                {"versions": [
                  {"id": "v2.0", "links": [{"href": "http://cloud.example/compute/v2/", "rel": "self"}],
                   "status": "SUPPORTED", "version": "", "min_version": "", "updated": "2011-01-21T11:33:21Z"},
                  {"id": "v2.1", "links": [{"href": "http://cloud.example/compute/v2.1/", "rel": "self"}],
                   "status": "CURRENT", "version": "2.96", "min_version": "2.1", "updated": "2013-07-23T11:33:21Z"}
                ]}""");
    }

    @Test
    void novaVersionedRootDescribesOneVersion()
            throws IOException
    {
        assertJson(NOVA_V21.document("http://cloud.example/compute/"), """
                {"version": {
                  "id": "v2.1",
                  "links": [{"href": "http://cloud.example/compute/v2.1/", "rel": "self"},
                            {"href": "http://docs.openstack.org/", "rel": "describedby", "type": "text/html"}],
                  "media-types": [{"base": "application/json", "type": "application/vnd.openstack.compute+json;version=2.1"}],
                  "status": "CURRENT", "version": "2.96", "min_version": "2.1", "updated": "2013-07-23T11:33:21Z"
                }}""");
    }

    @Test
    void cinderRootListsFullVersions()
            throws IOException
    {
        assertJson(ApiVersion.list("http://cloud.example/volume", ApiVersion.Detail.FULL, List.of(CINDER_V3)), """
                {"versions": [{
                  "id": "v3.0",
                  "links": [{"href": "http://cloud.example/volume/v3/", "rel": "self"},
                            {"href": "https://docs.openstack.org/", "rel": "describedby", "type": "text/html"}],
                  "media-types": [{"base": "application/json", "type": "application/vnd.openstack.volume+json;version=3"}],
                  "status": "CURRENT", "version": "3.70", "min_version": "3.0", "updated": "2023-08-31T00:00:00Z"
                }]}""");
    }

    @Test
    void pathMustBeAbsoluteWithoutTrailingSlash()
    {
        assertThatThrownBy(() -> ApiVersion.current("v2.1", "v2.1", COMPUTE, "x", "t", "d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiVersion.current("v2.1", "/v2.1/", COMPUTE, "x", "t", "d")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertJson(Object document, String expected)
            throws IOException
    {
        JsonNode actual = Json.mapper().readTree(Json.bytes(document));
        assertThat(actual).isEqualTo(Json.mapper().readTree(expected));
    }
}
