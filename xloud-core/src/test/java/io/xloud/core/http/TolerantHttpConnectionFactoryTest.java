package io.xloud.core.http;

import org.junit.jupiter.api.Test;

import static io.xloud.core.http.TolerantHttpConnectionFactory.tolerableTarget;
import static org.assertj.core.api.Assertions.assertThat;

class TolerantHttpConnectionFactoryTest
{
    @Test
    void targetsJettyAcceptsAreLeftAsSent()
    {
        assertThat(tolerableTarget("GET", "/identity/v3/users/abc")).isEqualTo("/identity/v3/users/abc");
        assertThat(tolerableTarget("GET", "/object-store/v1/AUTH_x/c/a%2Fb%25c%01")).isEqualTo("/object-store/v1/AUTH_x/c/a%2Fb%25c%01");
        assertThat(tolerableTarget("GET", "/s3/b/%E2%82%AC?prefix=%00")).isEqualTo("/s3/b/%E2%82%AC?prefix=%00");
    }

    @Test
    void nulEscapeInThePathIsEscaped()
    {
        assertThat(tolerableTarget("GET", "/identity/v3/users/a%00b")).isEqualTo("/identity/v3/users/a%2500b");
        assertThat(tolerableTarget("PUT", "http://host/c/%00")).isEqualTo("http://host/c/%2500");
    }

    @Test
    void brokenEscapesAreEscaped()
    {
        assertThat(tolerableTarget("GET", "/x/a%zz")).isEqualTo("/x/a%25zz");
        assertThat(tolerableTarget("GET", "/x/a%")).isEqualTo("/x/a%25");
        assertThat(tolerableTarget("GET", "/x/a%0")).isEqualTo("/x/a%250");
        assertThat(tolerableTarget("GET", "/x/%00%zz%41")).isEqualTo("/x/%2500%25zz%41");
    }

    @Test
    void hostileTargetsNeverThrow()
    {
        for (String target : new String[] {"%", "%%%%", "/%u0000", "/a?%zz", "/" + "%00".repeat(5000), "*", "/a%00?b=%zz"}) {
            assertThat(tolerableTarget("GET", target)).isNotNull();
        }
    }
}
