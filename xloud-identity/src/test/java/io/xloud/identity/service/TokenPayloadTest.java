package io.xloud.identity.service;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The Fernet payload: federated tokens carry their provider, protocol and groups; other tokens keep their format. */
class TokenPayloadTest
{
    @Test
    void aFederatedPayloadRoundTripsWithItsProtocolAsAMethod()
    {
        TokenPayload payload = new TokenPayload("u1", List.of("token", "openid"), TokenPayload.Scope.PROJECT, "p1", 1_000, 2_000, List.of("a1", "a0"),
                Optional.empty(), Optional.empty(), Optional.of(new TokenPayload.Federation("corp", "openid", List.of("g1", "g2"))));
        String encoded = payload.encode();
        assertThat(encoded).startsWith("x2|");
        TokenPayload decoded = TokenPayload.decode(encoded).orElseThrow();
        assertThat(decoded).isEqualTo(payload);
        assertThat(decoded.methods()).containsExactly("token", "openid");
    }

    @Test
    void aFederatedPayloadWithoutGroupsAndWithAnyProtocolName()
    {
        TokenPayload payload = new TokenPayload("u1", List.of("my-oidc"), TokenPayload.Scope.UNSCOPED, "", 1, 2, List.of("a"),
                Optional.empty(), Optional.empty(), Optional.of(new TokenPayload.Federation("corp", "my-oidc", List.of())));
        assertThat(TokenPayload.decode(payload.encode())).contains(payload);
    }

    @Test
    void otherPayloadsKeepTheirFormat()
    {
        TokenPayload payload = new TokenPayload("u1", List.of("password"), TokenPayload.Scope.DOMAIN, "d1", 1, 2, List.of("a"),
                Optional.empty(), Optional.empty());
        assertThat(payload.encode()).startsWith("x1|");
        assertThat(TokenPayload.decode(payload.encode())).contains(payload);
        assertThat(TokenPayload.decode("x2|u1|1|U||1|2|a|||corp|openid")).as("a federated payload missing a field").isEmpty();
        assertThat(TokenPayload.decode("x1|u1|1|U||1|2|a|||corp|openid|")).as("a plain payload with federated fields").isEmpty();
    }
}
