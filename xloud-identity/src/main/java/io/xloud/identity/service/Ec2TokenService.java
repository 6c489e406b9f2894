package io.xloud.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.identity.IdentitySettings;
import io.xloud.identity.store.CredentialStore;
import io.xloud.identity.store.DelegationStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import io.xloud.identity.store.UserStore;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * POST /v3/ec2tokens and /v3/s3tokens: a request signed with an EC2 key pair becomes a token scoped to the key's
 * project, as Keystone's EC2_S3_Resource does it: the key, then the signature, then that user and project are enabled,
 * then the signed timestamp is recent, then the roles (of the trust, the application credential or the user).
 */
public final class Ec2TokenService
{
    public static final String METHOD = "ec2credential";
    /** Keystone's [credential] auth_ttl: how old a signed timestamp may be, in minutes. */
    private static final long AUTH_TTL_MILLIS = 15 * 60 * 1000;
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss[X]");

    private final IdentityStore store;
    private final TokenService tokens;
    private final IdentitySettings settings;

    public Ec2TokenService(IdentityStore store, TokenService tokens, IdentitySettings settings)
    {
        this.store = requireNonNull(store, "store is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** The key pair an access key names, as Keystone reads it from the credential's blob. */
    private record KeyPair(String access, String secret, String userId, String projectId, Optional<String> trustId,
            Optional<String> applicationCredentialId) {}

    /** For /v3/ec2tokens: the {@code credentials} object of the body (already known to be an object). */
    public ValidatedToken authenticateEc2(JsonNode credentials)
    {
        KeyPair key = keyPair(credentials);
        Ec2Signatures.Ec2Request request = Ec2Signatures.ec2Request(credentials);
        JsonNode signature = credentials.get("signature");
        if (signature != null && !signature.isNull() && !signature.isTextual()) {
            throw ApiException.badRequest("Invalid input for field 'credentials.signature': a string is required.");
        }
        Optional<String> expected = Ec2Signatures.ec2(key.secret(), request);
        if (signature == null || signature.isNull() || signature.asText().isEmpty()) {
            throw ApiException.unauthorized("EC2 signature not supplied.");
        }
        String given = signature.asText();
        boolean valid = expected.map(value -> Ec2Signatures.equal(value, given)).orElse(false);
        // some client libraries do not sign the port: Keystone tries again with the host alone
        if (!valid && request.host().map(host -> host.contains(":")).orElse(false)) {
            String hostOnly = hostWithoutPort(request.host().get());
            valid = Ec2Signatures.ec2(key.secret(), request.withHost(hostOnly)).map(value -> Ec2Signatures.equal(value, given)).orElse(false);
        }
        if (!valid) {
            throw ApiException.unauthorized("Invalid EC2 signature.");
        }
        return issue(key, timestamp(request));
    }

    /** For /v3/s3tokens: {@code token} is the base64 (URL-safe alphabet) string to sign, as Swift's s3token sends it. */
    public ValidatedToken authenticateS3(JsonNode credentials)
    {
        KeyPair key = keyPair(credentials);
        JsonNode token = credentials.get("token");
        if (token == null || !token.isTextual()) {
            throw ApiException.badRequest("Invalid input for field 'credentials.token': the base64 string to sign is required.");
        }
        byte[] stringToSign;
        try {
            stringToSign = java.util.Base64.getUrlDecoder().decode(token.asText().strip());
        }
        catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid input for field 'credentials.token': it is not base64.");
        }
        JsonNode signature = credentials.get("signature");
        if (signature != null && !signature.isNull() && !signature.isTextual()) {
            throw ApiException.badRequest("Invalid input for field 'credentials.signature': a string is required.");
        }
        String expected = Ec2Signatures.s3(key.secret(), stringToSign);
        if (signature == null || signature.isNull() || !Ec2Signatures.equal(expected, signature.asText())) {
            throw ApiException.unauthorized("Credential signature mismatch.");
        }
        JsonNode params = credentials.path("params");
        JsonNode headers = credentials.path("headers");
        Optional<String> signedAt = text(params, "Timestamp").or(() -> text(headers, "X-Amz-Date")).or(() -> text(params, "X-Amz-Date"));
        return issue(key, signedAt);
    }

    private static Optional<String> timestamp(Ec2Signatures.Ec2Request request)
    {
        return Optional.ofNullable(request.params().get("Timestamp"))
                .or(() -> request.headers().flatMap(headers -> Optional.ofNullable(headers.get("X-Amz-Date"))))
                .or(() -> Optional.ofNullable(request.params().get("X-Amz-Date")));
    }

    private static Optional<String> text(JsonNode object, String field)
    {
        JsonNode value = object.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static String hostWithoutPort(String host)
    {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(1, end).toLowerCase(java.util.Locale.ROOT) : host;
        }
        return host.substring(0, host.lastIndexOf(':')).toLowerCase(java.util.Locale.ROOT);
    }

    private KeyPair keyPair(JsonNode credentials)
    {
        JsonNode access = credentials.get("access");
        if (access == null) {
            throw ApiException.unauthorized("EC2 Signature not supplied.");
        }
        if (!access.isTextual()) {
            throw ApiException.badRequest("Invalid input for field 'credentials.access': a string is required.");
        }
        ApiException notFound = ApiException.unauthorized("EC2 access key not found.");
        Optional<Credential> credential = store.read(h -> CredentialStore.credential(h, Ec2Credentials.credentialId(access.asText())));
        if (credential.isEmpty() || !credential.get().isEc2() || credential.get().projectId().isEmpty()) {
            throw notFound;
        }
        ObjectNode blob = Ec2Credentials.parseBlob(credential.get().blob()).orElseThrow(() -> notFound);
        String secret = Ec2Credentials.text(blob, "secret");
        if (secret == null) {
            throw notFound;
        }
        return new KeyPair(access.asText(), secret, credential.get().userId(), credential.get().projectId().get(),
                Optional.ofNullable(Ec2Credentials.text(blob, "trust_id")), Optional.ofNullable(Ec2Credentials.text(blob, "app_cred_id")));
    }

    private ValidatedToken issue(KeyPair key, Optional<String> signedAt)
    {
        boolean enabled = store.read(h -> UserStore.user(h, key.userId()).map(User::enabled).orElse(false)
                && ResourceStore.project(h, key.projectId()).map(Project::enabled).orElse(false));
        if (!enabled) {
            throw ApiException.unauthorized("The request you have made requires authentication.");
        }
        signedAt.ifPresent(this::checkTimestamp);

        TokenPayload.Scope scope = TokenPayload.Scope.PROJECT;
        long issuedAt = tokens.issueTime();
        long expiresAt = issuedAt + settings.tokenExpirationSeconds() * 1000;
        List<String> roleIds;
        if (key.trustId().isPresent()) {
            Trust trust = store.read(h -> DelegationStore.trust(h, key.trustId().get())).filter(t -> !t.expired(tokens.now()))
                    .orElseThrow(() -> ApiException.unauthorized("The trust of this EC2 credential is gone or expired."));
            roleIds = trust.roleIds();
            scope = TokenPayload.Scope.TRUST;
            expiresAt = Math.min(expiresAt, trust.expiresAt().orElse(Long.MAX_VALUE));
        }
        else if (key.applicationCredentialId().isPresent()) {
            ApplicationCredential credential = store.read(h -> DelegationStore.applicationCredential(h, key.applicationCredentialId().get()))
                    .filter(c -> !c.expired(tokens.now()))
                    .orElseThrow(() -> ApiException.unauthorized("The application credential of this EC2 credential is gone or expired."));
            if (!credential.projectId().equals(Optional.of(key.projectId()))) {
                throw ApiException.unauthorized("EC2 credential project does not match the application credential project.");
            }
            roleIds = credential.roleIds();
            expiresAt = Math.min(expiresAt, credential.expiresAt().orElse(Long.MAX_VALUE));
        }
        else {
            roleIds = store.read(h -> RoleResolver.projectRoles(h, key.userId(), key.projectId())).stream().map(Role::id).toList();
        }
        if (roleIds.isEmpty()) {
            throw ApiException.unauthorized("User not valid for project.");
        }
        TokenPayload payload = new TokenPayload(key.userId(), List.of(METHOD), scope, key.projectId(), issuedAt, expiresAt,
                List.of(TokenService.newAuditId()), key.trustId(), key.applicationCredentialId());
        return tokens.validate(tokens.issue(payload), false)
                .orElseThrow(() -> ApiException.unauthorized("User " + key.userId() + " has no access to project " + key.projectId() + "."));
    }

    private void checkTimestamp(String value)
    {
        Instant signedAt = parseTime(value).orElseThrow(() -> ApiException.unauthorized("Credential timestamp is invalid: " + value));
        if (tokens.now() > signedAt.toEpochMilli() + AUTH_TTL_MILLIS) {
            throw ApiException.unauthorized("Credential is expired");
        }
    }

    /** ISO 8601 in its extended or basic form, UTC when no offset is given, as oslo's parse_isotime reads it. */
    static Optional<Instant> parseTime(String value)
    {
        List<Function<String, Instant>> parsers = List.of(
                text -> OffsetDateTime.parse(text).toInstant(),
                text -> LocalDateTime.parse(text).toInstant(ZoneOffset.UTC),
                text -> BASIC.parse(text).isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)
                        ? OffsetDateTime.parse(text, BASIC).toInstant()
                        : LocalDateTime.parse(text, BASIC).toInstant(ZoneOffset.UTC));
        for (Function<String, Instant> parser : parsers) {
            try {
                return Optional.of(parser.apply(value.strip()));
            }
            catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return Optional.empty();
    }
}
