package io.xloud.identity.store;

import io.xloud.identity.service.RevocationEvent;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/** Token revocation events, kept as long as a token they cover could still validate. */
public final class RevocationStore
{
    private RevocationStore() {}

    public static void insert(Handle h, RevocationEvent event)
    {
        h.createUpdate("INSERT INTO revocation_events (user_id, project_id, domain_id, audit_id, audit_chain_id, trust_id, "
                        + "application_credential_id, issued_before, expires_at) VALUES (:user, :project, :domain, :audit, :chain, :trust, "
                        + ":credential, :before, :expires)")
                .bind("user", event.userId().orElse(null)).bind("project", event.projectId().orElse(null))
                .bind("domain", event.domainId().orElse(null)).bind("audit", event.auditId().orElse(null))
                .bind("chain", event.auditChainId().orElse(null)).bind("trust", event.trustId().orElse(null))
                .bind("credential", event.applicationCredentialId().orElse(null))
                .bind("before", event.issuedBefore()).bind("expires", event.expiresAt())
                .execute();
    }

    public static int deleteExpired(Handle h, long now)
    {
        return h.createUpdate("DELETE FROM revocation_events WHERE expires_at < :now").bind("now", now).execute();
    }

    /** The events that still cover a token that could validate. */
    public static List<RevocationEvent> unexpired(Handle h, long now)
    {
        return h.createQuery("SELECT * FROM revocation_events WHERE expires_at >= :now").bind("now", now).map((rs, ctx) -> new RevocationEvent(
                Optional.ofNullable(rs.getString("user_id")), Optional.ofNullable(rs.getString("project_id")),
                Optional.ofNullable(rs.getString("domain_id")), Optional.ofNullable(rs.getString("audit_id")),
                Optional.ofNullable(rs.getString("audit_chain_id")), Optional.ofNullable(rs.getString("trust_id")),
                Optional.ofNullable(rs.getString("application_credential_id")), rs.getLong("issued_before"), rs.getLong("expires_at")))
                .list();
    }
}
