package io.xloud.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.json.Json;
import io.xloud.identity.driver.JsonDocumentSource;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Checks an OpenID Connect token (an ID token, or a JWT access token) as mod_auth_openidc would in front of Keystone:
 * the signature against the provider's JWKS (RS256/384/512, PS256/384/512, ES256/384/512; never "none"), then iss,
 * aud, exp and nbf. The claims become the assertion the mapping reads, each named with the claim prefix (default
 * "OIDC-"), lists joined by ';', plus HTTP_OIDC_ISS. JWKS documents are cached and fetched again for an unknown key id.
 */
public final class OidcTokenVerifier
{
    public static final String DEFAULT_CLAIM_PREFIX = "OIDC-";
    private static final long LEEWAY_MILLIS = 30_000;
    private static final long JWKS_TTL_MILLIS = 10 * 60_000;
    private static final long JWKS_REFETCH_MILLIS = 10_000;
    private static final int MAX_TOKEN_LENGTH = 64 * 1024;
    private static final String INVALID = "The request you have made requires authentication.";

    private final JsonDocumentSource documents;
    private final LongSupplier clock;
    private final Map<URI, CachedKeys> jwks = new ConcurrentHashMap<>();
    // anyone may send tokens: a provider that failed is not asked again for a while
    private final Map<URI, Long> failedAt = new ConcurrentHashMap<>();
    private final Map<String, URI> discovered = new ConcurrentHashMap<>();

    public OidcTokenVerifier(JsonDocumentSource documents, LongSupplier clock)
    {
        this.documents = requireNonNull(documents, "documents is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** How one identity provider's tokens are checked. */
    public record Settings(String issuer, Optional<URI> jwksUri, List<String> audiences, String claimPrefix)
    {
        public Settings
        {
            requireNonNull(issuer, "issuer is null");
            requireNonNull(jwksUri, "jwksUri is null");
            audiences = List.copyOf(audiences);
            requireNonNull(claimPrefix, "claimPrefix is null");
        }

        /**
         * The provider's {@code oidc} settings; for the {@code openid} protocol without them, its one http(s) remote id
         * as the issuer, keys found through discovery. Empty: this provider's tokens are not checked here.
         */
        public static Optional<Settings> of(IdentityProvider idp, String protocolId)
        {
            Map<String, Object> oidc = idp.oidc();
            if (oidc.containsKey("issuer")) {
                Object audience = oidc.get("audience");
                List<String> audiences = new ArrayList<>();
                if (audience instanceof List<?> list) {
                    list.forEach(item -> audiences.add(String.valueOf(item)));
                }
                else if (audience != null) {
                    audiences.add(String.valueOf(audience));
                }
                Optional<URI> jwksUri = Optional.ofNullable(oidc.get("jwks_uri")).map(String::valueOf).map(URI::create);
                String prefix = Optional.ofNullable(oidc.get("claim_prefix")).map(String::valueOf).orElse(DEFAULT_CLAIM_PREFIX);
                return Optional.of(new Settings(String.valueOf(oidc.get("issuer")), jwksUri, audiences, prefix));
            }
            List<String> issuers = idp.remoteIds().stream().filter(id -> id.startsWith("https://") || id.startsWith("http://")).toList();
            if (protocolId.equals("openid") && issuers.size() == 1) {
                return Optional.of(new Settings(issuers.getFirst(), Optional.empty(), List.of(), DEFAULT_CLAIM_PREFIX));
            }
            return Optional.empty();
        }
    }

    private record CachedKeys(JsonNode keys, long fetchedAt) {}

    /** The assertion of a good token; a 401 for anything else. */
    public Map<String, String> verify(String token, Settings settings)
    {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw unauthorized("The token is too long.");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            throw unauthorized("The token is not a signed JWT.");
        }
        JsonNode header = json(parts[0]);
        JsonNode claims = json(parts[1]);
        String alg = header.path("alg").asText("");
        Algorithm algorithm = Algorithm.of(alg).orElseThrow(() -> unauthorized("The token's algorithm " + alg + " is not accepted."));
        byte[] signature = decode(parts[2]);
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!verifySignature(settings, header, algorithm, signed, signature)) {
            throw unauthorized("The token's signature does not verify.");
        }
        checkClaims(claims, settings);
        return assertion(claims, settings.claimPrefix());
    }

    private boolean verifySignature(Settings settings, JsonNode header, Algorithm algorithm, byte[] signed, byte[] signature)
    {
        URI uri = jwksUri(settings);
        String kid = header.path("kid").asText(null);
        List<PublicKey> candidates = candidates(keys(uri, false), kid, algorithm);
        if (candidates.isEmpty() && kid != null) {
            // the provider may have rotated its keys since we last fetched them
            candidates = candidates(keys(uri, true), kid, algorithm);
        }
        for (PublicKey key : candidates) {
            if (algorithm.verify(key, signed, signature)) {
                return true;
            }
        }
        return false;
    }

    private URI jwksUri(Settings settings)
    {
        if (settings.jwksUri().isPresent()) {
            return settings.jwksUri().get();
        }
        return discovered.computeIfAbsent(settings.issuer(), issuer -> {
            String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            try {
                JsonNode configuration = documents.fetch(URI.create(base + "/.well-known/openid-configuration"));
                String uri = configuration.path("jwks_uri").asText("");
                if (uri.isEmpty()) {
                    throw unauthorized("The identity provider publishes no jwks_uri.");
                }
                return URI.create(uri);
            }
            catch (IOException | IllegalArgumentException e) {
                throw unauthorized("The identity provider's keys cannot be found: " + e.getMessage());
            }
        });
    }

    private JsonNode keys(URI uri, boolean refresh)
    {
        long now = clock.getAsLong();
        CachedKeys cached = jwks.get(uri);
        boolean stale = cached == null || now - cached.fetchedAt() > JWKS_TTL_MILLIS
                || refresh && now - cached.fetchedAt() > JWKS_REFETCH_MILLIS;
        Long failed = failedAt.get(uri);
        if (!stale || failed != null && now - failed < JWKS_REFETCH_MILLIS) {
            if (cached != null) {
                return cached.keys();
            }
            throw unauthorized("The identity provider's keys cannot be fetched.");
        }
        try {
            JsonNode document = documents.fetch(uri);
            JsonNode keys = document.path("keys");
            if (!keys.isArray()) {
                throw new IOException("no keys array");
            }
            jwks.put(uri, new CachedKeys(keys, now));
            failedAt.remove(uri);
            return keys;
        }
        catch (IOException | RuntimeException e) {
            failedAt.put(uri, now);
            if (cached != null) {
                return cached.keys();
            }
            throw unauthorized("The identity provider's keys cannot be fetched.");
        }
    }

    private static List<PublicKey> candidates(JsonNode keys, String kid, Algorithm algorithm)
    {
        List<PublicKey> result = new ArrayList<>();
        for (JsonNode jwk : keys) {
            if (kid != null && !kid.equals(jwk.path("kid").asText(null))) {
                continue;
            }
            if (!jwk.path("kty").asText("").equals(algorithm.keyType)) {
                continue;
            }
            if (jwk.has("use") && !jwk.path("use").asText().equals("sig")) {
                continue;
            }
            if (jwk.has("alg") && !jwk.path("alg").asText().equals(algorithm.name())) {
                continue;
            }
            algorithm.publicKey(jwk).ifPresent(result::add);
        }
        return result;
    }

    private void checkClaims(JsonNode claims, Settings settings)
    {
        long now = clock.getAsLong();
        if (!claims.path("iss").asText("").equals(settings.issuer())) {
            throw unauthorized("The token's issuer is not this identity provider's.");
        }
        if (!claims.path("exp").isNumber()) {
            throw unauthorized("The token has no expiry.");
        }
        if (claims.path("exp").asDouble() * 1000 + LEEWAY_MILLIS <= now) {
            throw unauthorized("The token has expired.");
        }
        if (claims.has("nbf") && (!claims.path("nbf").isNumber() || claims.path("nbf").asDouble() * 1000 - LEEWAY_MILLIS > now)) {
            throw unauthorized("The token is not valid yet.");
        }
        if (!settings.audiences().isEmpty()) {
            JsonNode aud = claims.path("aud");
            List<String> audiences = new ArrayList<>();
            if (aud.isArray()) {
                aud.forEach(value -> audiences.add(value.asText()));
            }
            else if (aud.isTextual()) {
                audiences.add(aud.asText());
            }
            if (audiences.stream().noneMatch(settings.audiences()::contains)) {
                throw unauthorized("The token is not meant for this cloud (audience).");
            }
        }
    }

    private static Map<String, String> assertion(JsonNode claims, String prefix)
    {
        Map<String, String> assertion = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = claims.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> claim = fields.next();
            JsonNode value = claim.getValue();
            String text;
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.isTextual() ? item.asText() : item.toString()));
                text = String.join(";", items);
            }
            else if (value.isObject()) {
                text = value.toString();
            }
            else if (value.isNull()) {
                continue;
            }
            else {
                text = value.asText();
            }
            assertion.put(prefix + claim.getKey(), text);
        }
        assertion.put("HTTP_OIDC_ISS", claims.path("iss").asText());
        return assertion;
    }

    private static JsonNode json(String part)
    {
        try {
            JsonNode node = Json.mapper().readTree(decode(part));
            if (node == null || !node.isObject()) {
                throw unauthorized("The token is not a JWT.");
            }
            return node;
        }
        catch (IOException e) {
            throw unauthorized("The token is not a JWT.");
        }
    }

    private static byte[] decode(String part)
    {
        try {
            return Base64.getUrlDecoder().decode(part);
        }
        catch (IllegalArgumentException e) {
            throw unauthorized("The token is not a JWT.");
        }
    }

    private static ApiException unauthorized(String detail)
    {
        return ApiException.unauthorized(INVALID + " " + detail);
    }

    /** The JWS algorithms accepted, each with its JDK signature and key type. */
    private enum Algorithm
    {
        RS256("SHA256withRSA", "RSA", null, 0), RS384("SHA384withRSA", "RSA", null, 0), RS512("SHA512withRSA", "RSA", null, 0),
        PS256("RSASSA-PSS", "RSA", "SHA-256", 32), PS384("RSASSA-PSS", "RSA", "SHA-384", 48), PS512("RSASSA-PSS", "RSA", "SHA-512", 64),
        ES256("SHA256withECDSAinP1363Format", "EC", "secp256r1", 32), ES384("SHA384withECDSAinP1363Format", "EC", "secp384r1", 48),
        ES512("SHA512withECDSAinP1363Format", "EC", "secp521r1", 66);

        private final String jdkName;
        private final String keyType;
        private final String parameter;
        private final int size;

        Algorithm(String jdkName, String keyType, String parameter, int size)
        {
            this.jdkName = jdkName;
            this.keyType = keyType;
            this.parameter = parameter;
            this.size = size;
        }

        static Optional<Algorithm> of(String name)
        {
            for (Algorithm algorithm : values()) {
                if (algorithm.name().equals(name)) {
                    return Optional.of(algorithm);
                }
            }
            return Optional.empty();
        }

        Optional<PublicKey> publicKey(JsonNode jwk)
        {
            try {
                if (keyType.equals("RSA")) {
                    BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("n").asText()));
                    BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("e").asText()));
                    if (n.bitLength() < 2048) {
                        return Optional.empty();
                    }
                    return Optional.of(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
                }
                String curve = switch (jwk.path("crv").asText("")) {
                    case "P-256" -> "secp256r1";
                    case "P-384" -> "secp384r1";
                    case "P-521" -> "secp521r1";
                    default -> "";
                };
                if (!curve.equals(parameter)) {
                    return Optional.empty();
                }
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(curve));
                ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
                ECPoint point = new ECPoint(new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("x").asText())),
                        new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("y").asText())));
                return Optional.of(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec)));
            }
            catch (GeneralSecurityException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        boolean verify(PublicKey key, byte[] signed, byte[] signature)
        {
            try {
                if (keyType.equals("EC") && (!(key instanceof ECPublicKey) || signature.length != 2 * size)) {
                    return false;
                }
                Signature verifier = Signature.getInstance(jdkName);
                if (jdkName.equals("RSASSA-PSS")) {
                    verifier.setParameter(new java.security.spec.PSSParameterSpec(parameter, "MGF1",
                            new java.security.spec.MGF1ParameterSpec(parameter), size, 1));
                }
                verifier.initVerify(key);
                verifier.update(signed);
                return verifier.verify(signature);
            }
            catch (GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        }
    }
}
