package io.xloud.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.json.Json;
import io.xloud.identity.driver.JsonDocumentSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key handling of the OpenID Connect check: rotation, discovery, a provider that is down. */
class OidcTokenVerifierTest
{
    private static final String ISSUER = "https://op.example";
    private static final URI JWKS = URI.create("https://op.example/jwks");

    /** Serves documents from a map; counts fetches; fails while {@code down}. */
    private static final class TestingDocuments
            implements JsonDocumentSource
    {
        final Map<URI, JsonNode> documents = new HashMap<>();
        final List<URI> fetched = new ArrayList<>();
        boolean down;

        @Override
        public JsonNode fetch(URI uri)
                throws IOException
        {
            fetched.add(uri);
            if (down || !documents.containsKey(uri)) {
                throw new IOException("unavailable: " + uri);
            }
            return documents.get(uri);
        }
    }

    private static KeyPair rsa()
            throws Exception
    {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String b64(byte[] bytes)
    {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static JsonNode jwks(Map<String, KeyPair> keys)
    {
        ObjectNode document = Json.object();
        for (Map.Entry<String, KeyPair> key : keys.entrySet()) {
            RSAPublicKey publicKey = (RSAPublicKey) key.getValue().getPublic();
            document.withArray("keys").addObject().put("kty", "RSA").put("kid", key.getKey())
                    .put("n", b64(publicKey.getModulus().toByteArray())).put("e", b64(publicKey.getPublicExponent().toByteArray()));
        }
        return document;
    }

    private static String token(KeyPair key, String kid, long nowMillis)
            throws Exception
    {
        ObjectNode claims = Json.object();
        claims.put("iss", ISSUER).put("sub", "u1").put("aud", "xloud").put("exp", nowMillis / 1000 + 300);
        claims.putArray("groups").add("a").add("b");
        claims.putObject("address").put("country", "FR");
        String signed = b64(("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8)) + "." + b64(Json.bytes(claims));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key.getPrivate());
        signature.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + b64(signature.sign());
    }

    private static OidcTokenVerifier.Settings settings()
    {
        return new OidcTokenVerifier.Settings(ISSUER, Optional.of(JWKS), List.of("xloud"), "OIDC-");
    }

    @Test
    void claimsBecomeThePrefixedAssertion()
            throws Exception
    {
        KeyPair key = rsa();
        TestingDocuments documents = new TestingDocuments();
        documents.documents.put(JWKS, jwks(Map.of("k1", key)));
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        Map<String, String> assertion = new OidcTokenVerifier(documents, clock::get).verify(token(key, "k1", clock.get()), settings());
        assertThat(assertion).containsEntry("OIDC-sub", "u1").containsEntry("OIDC-groups", "a;b")
                .containsEntry("OIDC-address", "{\"country\":\"FR\"}").containsEntry("HTTP_OIDC_ISS", ISSUER);
    }

    @Test
    void aRotatedKeyIsFetchedAgainButNotOnEveryRequest()
            throws Exception
    {
        KeyPair first = rsa();
        KeyPair second = rsa();
        TestingDocuments documents = new TestingDocuments();
        documents.documents.put(JWKS, jwks(Map.of("k1", first)));
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        OidcTokenVerifier verifier = new OidcTokenVerifier(documents, clock::get);
        verifier.verify(token(first, "k1", clock.get()), settings());
        assertThat(documents.fetched).hasSize(1);

        documents.documents.put(JWKS, jwks(Map.of("k1", first, "k2", second)));
        String rotated = token(second, "k2", clock.get());
        assertThatThrownBy(() -> verifier.verify(rotated, settings())).as("fetched moments ago").isInstanceOf(ApiException.class);
        assertThat(documents.fetched).hasSize(1);
        clock.addAndGet(11_000);
        assertThat(verifier.verify(rotated, settings())).containsEntry("OIDC-sub", "u1");
        assertThat(documents.fetched).hasSize(2);
        for (int i = 0; i < 5; i++) {
            String unknown = token(second, "k-" + i, clock.get());
            assertThatThrownBy(() -> verifier.verify(unknown, settings())).isInstanceOf(ApiException.class);
        }
        assertThat(documents.fetched).as("unknown key ids cannot make the server fetch at will").hasSize(2);
    }

    @Test
    void aProviderThatIsDownIsNotAskedOnEveryRequest()
            throws Exception
    {
        KeyPair key = rsa();
        TestingDocuments documents = new TestingDocuments();
        documents.down = true;
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        OidcTokenVerifier verifier = new OidcTokenVerifier(documents, clock::get);
        for (int i = 0; i < 3; i++) {
            String token = token(key, "k1", clock.get());
            assertThatThrownBy(() -> verifier.verify(token, settings()))
                    .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).status()).isEqualTo(401);
        }
        assertThat(documents.fetched).hasSize(1);
        documents.down = false;
        documents.documents.put(JWKS, jwks(Map.of("k1", key)));
        clock.addAndGet(11_000);
        assertThat(verifier.verify(token(key, "k1", clock.get()), settings())).containsKey("OIDC-sub");
    }

    @Test
    void keysAreFoundThroughDiscovery()
            throws Exception
    {
        KeyPair key = rsa();
        TestingDocuments documents = new TestingDocuments();
        documents.documents.put(URI.create(ISSUER + "/.well-known/openid-configuration"),
                Json.parse("{\"issuer\": \"" + ISSUER + "\", \"jwks_uri\": \"" + JWKS + "\"}"));
        documents.documents.put(JWKS, jwks(Map.of("k1", key)));
        IdentityProvider idp = new IdentityProvider("corp", "d1", true, Optional.empty(), List.of(ISSUER), Optional.empty(), Map.of());
        OidcTokenVerifier.Settings settings = OidcTokenVerifier.Settings.of(idp, "openid").orElseThrow();
        assertThat(OidcTokenVerifier.Settings.of(idp, "saml2")).as("only the openid protocol guesses").isEmpty();
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        assertThat(new OidcTokenVerifier(documents, clock::get).verify(token(key, "k1", clock.get()), settings)).containsKey("OIDC-sub");
    }
}
