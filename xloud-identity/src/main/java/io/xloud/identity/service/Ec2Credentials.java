package io.xloud.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.json.Json;
import io.xloud.identity.store.CredentialStore;
import io.xloud.identity.store.IdentityStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * EC2 credentials: rows of the credentials table of type "ec2" whose blob holds {@code access} and {@code secret}.
 * As in Keystone, the row's id is the hex SHA-256 of the access key, so that a key is found without a scan.
 */
public final class Ec2Credentials
{
    private Ec2Credentials() {}

    /** The key pair for an access key, for signature checks (S3); empty when there is none, or it is not a complete EC2 credential. */
    public static Optional<Ec2Secret> findByAccess(IdentityStore store, String access)
    {
        requireNonNull(store, "store is null");
        if (access == null || access.isEmpty()) {
            return Optional.empty();
        }
        Optional<Credential> credential = store.read(h -> CredentialStore.credential(h, credentialId(access)));
        if (credential.isEmpty() || !credential.get().isEc2() || credential.get().projectId().isEmpty()) {
            return Optional.empty();
        }
        Optional<ObjectNode> blob = parseBlob(credential.get().blob());
        // the blob's access key may have been changed since (PATCH /v3/credentials); only the key it holds now is valid
        if (blob.isEmpty() || !access.equals(text(blob.get(), "access")) || text(blob.get(), "secret") == null) {
            return Optional.empty();
        }
        return Optional.of(new Ec2Secret(access, text(blob.get(), "secret"), credential.get().userId(), credential.get().projectId().get()));
    }

    /** Keystone's id for the EC2 credential of an access key: the hex SHA-256 of its UTF-8 bytes. */
    public static String credentialId(String access)
    {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(access.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** The blob as a JSON object; empty when it is not one. */
    public static Optional<ObjectNode> parseBlob(String blob)
    {
        try {
            JsonNode node = Json.mapper().readTree(blob);
            return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        }
        catch (Exception e) {
            return Optional.empty();
        }
    }

    /** A text field of a blob, or null when it is absent, null or not text. */
    public static String text(JsonNode blob, String field)
    {
        JsonNode value = blob.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
