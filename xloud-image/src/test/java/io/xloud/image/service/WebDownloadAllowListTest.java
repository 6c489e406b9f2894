package io.xloud.image.service;

import io.xloud.core.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebDownloadAllowListTest
{
    @Test
    void byDefaultAnyPublicHostOnTheWebPortsButNothingInternal()
            throws Exception
    {
        WebDownloadAllowList list = WebDownloadAllowList.parse("", "");
        assertThat(list.check("http://images.example.org/cirros.img").getHost()).isEqualTo("images.example.org");
        assertThatThrownBy(() -> list.check("http://127.0.0.1/x")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> list.check("http://images.example.org:8080/x")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> list.checkBeforeConnect("http://localhost/x")).isInstanceOf(ApiException.class);
    }

    @Test
    void internalHostsAreLetThroughBesidesPublicOnes()
            throws Exception
    {
        WebDownloadAllowList list = WebDownloadAllowList.parse("", "127.0.0.1:8080");
        assertThat(list.check("http://127.0.0.1:8080/image.raw").getPort()).isEqualTo(8080);
        assertThat(list.checkBeforeConnect("http://127.0.0.1:8080/image.raw").getPort()).isEqualTo(8080);
        // a name that does not resolve passes the request check, as in Glance: the import task fails later
        assertThat(list.check("http://does-not.exist/no/possible/way").getHost()).isEqualTo("does-not.exist");
        // other internal hosts and ports stay refused
        assertThatThrownBy(() -> list.check("http://127.0.0.1:9090/x")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> list.check("http://10.0.0.1/x")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> list.check("file:///etc/passwd")).isInstanceOf(ApiException.class);
    }

    @Test
    void allowedHostsAreTheOnlyOnes()
    {
        WebDownloadAllowList list = WebDownloadAllowList.parse("127.0.0.1", "");
        assertThat(list.check("http://127.0.0.1:8080/image.raw").getPort()).isEqualTo(8080);
        assertThatThrownBy(() -> list.check("http://does-not.exist/no/possible/way")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> list.check("http://images.example.org/x")).isInstanceOf(ApiException.class);
    }

    @Test
    void malformedSettingsAreRefusedAtStart()
    {
        assertThatThrownBy(() -> WebDownloadAllowList.parse("", "bad host!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebDownloadAllowList.parse("", "127.0.0.1:99999")).isInstanceOf(IllegalArgumentException.class);
    }
}
