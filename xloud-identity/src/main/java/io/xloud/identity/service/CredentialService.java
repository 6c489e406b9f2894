package io.xloud.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.json.Json;
import io.xloud.identity.store.CredentialStore;
import io.xloud.identity.store.IdentityStore;
import io.xloud.identity.store.ResourceStore;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Credentials (/v3/credentials) and the EC2 view of them (OS-EC2). An EC2 credential's id is derived from its access
 * key (see {@link Ec2Credentials}); its blob must hold an access key, and it must name a project.
 */
public final class CredentialService
{
    // what binds an EC2 credential to a delegation; Keystone refuses to change or drop it
    private static final List<String> EC2_SCOPE = List.of("trust_id", "app_cred_id", "access_token_id", "access_id");

    private final IdentityStore store;

    public CredentialService(IdentityStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    /** @throws ApiException NOT_FOUND */
    public Credential credential(String id)
    {
        return store.read(h -> credential(h, id));
    }

    public List<Credential> credentials()
    {
        return store.read(CredentialStore::credentials);
    }

    public Credential create(Credential credential)
    {
        store.writeVoid(h -> {
            if (CredentialStore.credential(h, credential.id()).isPresent()) {
                throw ApiException.conflict("Conflict occurred attempting to store credential - Duplicate ID, " + credential.id() + ".");
            }
            CredentialStore.insert(h, credential);
        });
        return credential;
    }

    /** Applies a change to the credential as it is now; an EC2 credential must stay a valid one. */
    public Credential update(String id, UnaryOperator<Credential> change)
    {
        return store.write(h -> {
            Credential next = change.apply(credential(h, id));
            if (next.isEc2()) {
                ec2Blob(next.blob());
                requireProject(next.projectId());
            }
            CredentialStore.update(h, next);
            return next;
        });
    }

    public void delete(String id)
    {
        store.writeVoid(h -> {
            if (CredentialStore.delete(h, id) == 0) {
                throw notFound(id);
            }
        });
    }

    // ---- OS-EC2

    /** The EC2 credential of a user for an access key; a key of another user is unknown here too. */
    public Credential ec2Credential(String userId, String access)
    {
        return store.read(h -> ec2Credential(h, userId, access));
    }

    public List<Credential> ec2CredentialsOfUser(String userId)
    {
        return store.read(h -> CredentialStore.credentialsOfUser(h, userId)).stream().filter(Credential::isEc2).toList();
    }

    /** Stores a new EC2 key pair for an existing project. */
    public Credential createEc2(Credential credential)
    {
        String projectId = credential.projectId().orElseThrow();
        store.writeVoid(h -> {
            if (ResourceStore.project(h, projectId).isEmpty()) {
                throw IdentityErrors.notFound("project", projectId);
            }
            CredentialStore.insert(h, credential);
        });
        return credential;
    }

    public void deleteEc2(String userId, String access)
    {
        store.writeVoid(h -> CredentialStore.delete(h, ec2Credential(h, userId, access).id()));
    }

    // ---- rules of EC2 blobs

    /** An EC2 credential's blob: a JSON object with a string {@code access}. */
    public static ObjectNode ec2Blob(String blob)
    {
        ObjectNode parsed = Ec2Credentials.parseBlob(blob).orElseThrow(() -> IdentityErrors.validation("Invalid blob in credential"));
        if (parsed.isEmpty()) {
            throw IdentityErrors.validation("Expecting to find blob in credential.");
        }
        JsonNode access = parsed.get("access");
        if (access == null || access.isNull()) {
            throw IdentityErrors.validation("Expecting to find access in credential.");
        }
        if (!access.isTextual() || access.asText().isEmpty()) {
            throw IdentityErrors.validation("Invalid input for field 'access': the access key must be a non-empty string.");
        }
        return parsed;
    }

    public static void requireProject(Optional<String> projectId)
    {
        if (projectId.isEmpty()) {
            throw IdentityErrors.validation("Invalid input for field 'project_id': an ec2 credential requires a project_id.");
        }
    }

    /** A new blob keeps the delegation the old one was bound to. */
    public static void requireSameScope(String currentBlob, ObjectNode next)
    {
        ObjectNode current = Ec2Credentials.parseBlob(currentBlob).orElse(Json.object());
        for (String key : EC2_SCOPE) {
            // an absent key and a null one are the same to Keystone (dict.get)
            JsonNode before = current.hasNonNull(key) ? current.get(key) : NullNode.getInstance();
            JsonNode after = next.hasNonNull(key) ? next.get(key) : NullNode.getInstance();
            if (!before.equals(after)) {
                throw IdentityErrors.validation(key + " can not be updated for credential");
            }
        }
    }

    public static ApiException notFound(String id)
    {
        return IdentityErrors.notFound("credential", id);
    }

    private static Credential credential(Handle h, String id)
    {
        return CredentialStore.credential(h, id).orElseThrow(() -> notFound(id));
    }

    private static Credential ec2Credential(Handle h, String userId, String access)
    {
        String id = Ec2Credentials.credentialId(access);
        return CredentialStore.credential(h, id)
                .filter(Credential::isEc2)
                .filter(credential -> credential.userId().equals(userId))
                .orElseThrow(() -> notFound(id));
    }
}
