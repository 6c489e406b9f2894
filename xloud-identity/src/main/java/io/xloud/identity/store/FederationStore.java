package io.xloud.identity.store;

import io.xloud.core.json.Json;
import io.xloud.identity.service.FederationMapping;
import io.xloud.identity.service.FederationProtocol;
import io.xloud.identity.service.IdentityProvider;
import io.xloud.identity.service.ServiceProvider;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static io.xloud.identity.store.IdentityStore.json;
import static io.xloud.identity.store.IdentityStore.jsonMap;

/** OS-FEDERATION: identity providers and their remote ids, protocols, mappings, service providers, federated users. */
public final class FederationStore
{
    private FederationStore() {}

    // ---- identity providers

    private static IdentityProvider identityProvider(Handle h, ResultSet rs)
            throws SQLException
    {
        String id = rs.getString("id");
        int ttl = rs.getInt("authorization_ttl");
        Optional<Integer> authorizationTtl = rs.wasNull() ? Optional.empty() : Optional.of(ttl);
        return new IdentityProvider(id, rs.getString("domain_id"), rs.getBoolean("enabled"), Optional.ofNullable(rs.getString("description")),
                remoteIds(h, id), authorizationTtl, jsonMap(rs.getString("oidc")));
    }

    private static List<String> remoteIds(Handle h, String idpId)
    {
        return h.createQuery("SELECT remote_id FROM idp_remote_ids WHERE idp_id = :id ORDER BY remote_id").bind("id", idpId).mapTo(String.class).list();
    }

    public static Optional<IdentityProvider> identityProvider(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM identity_providers WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> identityProvider(h, rs)).findOne();
    }

    public static List<IdentityProvider> identityProviders(Handle h)
    {
        return h.createQuery("SELECT * FROM identity_providers ORDER BY id").map((rs, ctx) -> identityProvider(h, rs)).list();
    }

    /** The provider that already owns one of these remote ids, other than {@code exceptIdp}. */
    public static Optional<String> remoteIdOwner(Handle h, List<String> remoteIds, String exceptIdp)
    {
        for (String remoteId : remoteIds) {
            Optional<String> owner = h.createQuery("SELECT idp_id FROM idp_remote_ids WHERE remote_id = :remote_id")
                    .bind("remote_id", remoteId).mapTo(String.class).findOne().filter(idp -> !idp.equals(exceptIdp));
            if (owner.isPresent()) {
                return Optional.of(remoteId);
            }
        }
        return Optional.empty();
    }

    public static void insertIdentityProvider(Handle h, IdentityProvider idp)
    {
        h.createUpdate("INSERT INTO identity_providers (id, domain_id, enabled, description, authorization_ttl, oidc) "
                        + "VALUES (:id, :domain_id, :enabled, :description, :authorization_ttl, :oidc)")
                .bind("id", idp.id()).bind("domain_id", idp.domainId()).bind("enabled", idp.enabled())
                .bind("description", idp.description().orElse(null)).bind("authorization_ttl", idp.authorizationTtl().orElse(null))
                .bind("oidc", idp.oidc().isEmpty() ? null : json(idp.oidc())).execute();
        replaceRemoteIds(h, idp.id(), idp.remoteIds());
    }

    public static void updateIdentityProvider(Handle h, IdentityProvider idp)
    {
        h.createUpdate("UPDATE identity_providers SET enabled = :enabled, description = :description, "
                        + "authorization_ttl = :authorization_ttl, oidc = :oidc WHERE id = :id")
                .bind("id", idp.id()).bind("enabled", idp.enabled()).bind("description", idp.description().orElse(null))
                .bind("authorization_ttl", idp.authorizationTtl().orElse(null))
                .bind("oidc", idp.oidc().isEmpty() ? null : json(idp.oidc())).execute();
        replaceRemoteIds(h, idp.id(), idp.remoteIds());
    }

    private static void replaceRemoteIds(Handle h, String idpId, List<String> remoteIds)
    {
        h.createUpdate("DELETE FROM idp_remote_ids WHERE idp_id = :id").bind("id", idpId).execute();
        for (String remoteId : remoteIds) {
            h.createUpdate("INSERT INTO idp_remote_ids (remote_id, idp_id) VALUES (:remote_id, :idp_id)")
                    .bind("remote_id", remoteId).bind("idp_id", idpId).execute();
        }
    }

    /** The provider, its remote ids and protocols; its federated users' links (the users themselves are the caller's). */
    public static void deleteIdentityProvider(Handle h, String id)
    {
        h.createUpdate("DELETE FROM idp_remote_ids WHERE idp_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM federation_protocols WHERE idp_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM federated_users WHERE idp_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM expiring_group_memberships WHERE idp_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM identity_providers WHERE id = :id").bind("id", id).execute();
    }

    // ---- mappings

    private static FederationMapping mapping(ResultSet rs)
            throws SQLException
    {
        return new FederationMapping(rs.getString("id"), Json.parse(rs.getString("rules")), rs.getString("schema_version"));
    }

    public static Optional<FederationMapping> mapping(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM federation_mappings WHERE id = :id").bind("id", id).map((rs, ctx) -> mapping(rs)).findOne();
    }

    public static List<FederationMapping> mappings(Handle h)
    {
        return h.createQuery("SELECT * FROM federation_mappings ORDER BY id").map((rs, ctx) -> mapping(rs)).list();
    }

    public static void insertMapping(Handle h, FederationMapping mapping)
    {
        h.createUpdate("INSERT INTO federation_mappings (id, rules, schema_version) VALUES (:id, :rules, :schema_version)")
                .bind("id", mapping.id()).bind("rules", json(mapping.rules())).bind("schema_version", mapping.schemaVersion()).execute();
    }

    public static void updateMapping(Handle h, FederationMapping mapping)
    {
        h.createUpdate("UPDATE federation_mappings SET rules = :rules, schema_version = :schema_version WHERE id = :id")
                .bind("id", mapping.id()).bind("rules", json(mapping.rules())).bind("schema_version", mapping.schemaVersion()).execute();
    }

    public static void deleteMapping(Handle h, String id)
    {
        h.createUpdate("DELETE FROM federation_mappings WHERE id = :id").bind("id", id).execute();
    }

    // ---- protocols

    private static FederationProtocol protocol(ResultSet rs)
            throws SQLException
    {
        return new FederationProtocol(rs.getString("id"), rs.getString("idp_id"), rs.getString("mapping_id"),
                Optional.ofNullable(rs.getString("remote_id_attribute")));
    }

    public static Optional<FederationProtocol> protocol(Handle h, String idpId, String id)
    {
        return h.createQuery("SELECT * FROM federation_protocols WHERE idp_id = :idp_id AND id = :id")
                .bind("idp_id", idpId).bind("id", id).map((rs, ctx) -> protocol(rs)).findOne();
    }

    public static List<FederationProtocol> protocols(Handle h, String idpId)
    {
        return h.createQuery("SELECT * FROM federation_protocols WHERE idp_id = :idp_id ORDER BY id")
                .bind("idp_id", idpId).map((rs, ctx) -> protocol(rs)).list();
    }

    public static void insertProtocol(Handle h, FederationProtocol protocol)
    {
        h.createUpdate("INSERT INTO federation_protocols (id, idp_id, mapping_id, remote_id_attribute) "
                        + "VALUES (:id, :idp_id, :mapping_id, :remote_id_attribute)")
                .bind("id", protocol.id()).bind("idp_id", protocol.idpId()).bind("mapping_id", protocol.mappingId())
                .bind("remote_id_attribute", protocol.remoteIdAttribute().orElse(null)).execute();
    }

    public static void updateProtocol(Handle h, FederationProtocol protocol)
    {
        h.createUpdate("UPDATE federation_protocols SET mapping_id = :mapping_id, remote_id_attribute = :remote_id_attribute "
                        + "WHERE idp_id = :idp_id AND id = :id")
                .bind("id", protocol.id()).bind("idp_id", protocol.idpId()).bind("mapping_id", protocol.mappingId())
                .bind("remote_id_attribute", protocol.remoteIdAttribute().orElse(null)).execute();
    }

    public static void deleteProtocol(Handle h, String idpId, String id)
    {
        h.createUpdate("DELETE FROM federation_protocols WHERE idp_id = :idp_id AND id = :id").bind("idp_id", idpId).bind("id", id).execute();
    }

    // ---- service providers

    private static ServiceProvider serviceProvider(ResultSet rs)
            throws SQLException
    {
        return new ServiceProvider(rs.getString("id"), rs.getString("auth_url"), rs.getString("sp_url"),
                Optional.ofNullable(rs.getString("description")), rs.getBoolean("enabled"), rs.getString("relay_state_prefix"));
    }

    public static Optional<ServiceProvider> serviceProvider(Handle h, String id)
    {
        return h.createQuery("SELECT * FROM service_providers WHERE id = :id").bind("id", id).map((rs, ctx) -> serviceProvider(rs)).findOne();
    }

    public static List<ServiceProvider> serviceProviders(Handle h)
    {
        return h.createQuery("SELECT * FROM service_providers ORDER BY id").map((rs, ctx) -> serviceProvider(rs)).list();
    }

    public static void insertServiceProvider(Handle h, ServiceProvider sp)
    {
        h.createUpdate("INSERT INTO service_providers (id, auth_url, sp_url, description, enabled, relay_state_prefix) "
                        + "VALUES (:id, :auth_url, :sp_url, :description, :enabled, :relay_state_prefix)")
                .bind("id", sp.id()).bind("auth_url", sp.authUrl()).bind("sp_url", sp.spUrl()).bind("description", sp.description().orElse(null))
                .bind("enabled", sp.enabled()).bind("relay_state_prefix", sp.relayStatePrefix()).execute();
    }

    public static void updateServiceProvider(Handle h, ServiceProvider sp)
    {
        h.createUpdate("UPDATE service_providers SET auth_url = :auth_url, sp_url = :sp_url, description = :description, "
                        + "enabled = :enabled, relay_state_prefix = :relay_state_prefix WHERE id = :id")
                .bind("id", sp.id()).bind("auth_url", sp.authUrl()).bind("sp_url", sp.spUrl()).bind("description", sp.description().orElse(null))
                .bind("enabled", sp.enabled()).bind("relay_state_prefix", sp.relayStatePrefix()).execute();
    }

    public static void deleteServiceProvider(Handle h, String id)
    {
        h.createUpdate("DELETE FROM service_providers WHERE id = :id").bind("id", id).execute();
    }

    // ---- federated users

    public static Optional<String> federatedUserId(Handle h, String idpId, String protocolId, String uniqueId)
    {
        return h.createQuery("SELECT user_id FROM federated_users WHERE idp_id = :idp_id AND protocol_id = :protocol_id AND unique_id = :unique_id")
                .bind("idp_id", idpId).bind("protocol_id", protocolId).bind("unique_id", uniqueId).mapTo(String.class).findOne();
    }

    public static void insertFederatedUser(Handle h, String userId, String idpId, String protocolId, String uniqueId, String displayName)
    {
        h.createUpdate("INSERT INTO federated_users (user_id, idp_id, protocol_id, unique_id, display_name) "
                        + "VALUES (:user_id, :idp_id, :protocol_id, :unique_id, :display_name)")
                .bind("user_id", userId).bind("idp_id", idpId).bind("protocol_id", protocolId).bind("unique_id", uniqueId)
                .bind("display_name", displayName).execute();
    }

    /** When a user is deleted, the link of its federated identity and its expiring memberships go with it. */
    public static void deleteFederatedUser(Handle h, String userId)
    {
        h.createUpdate("DELETE FROM federated_users WHERE user_id = :user_id").bind("user_id", userId).execute();
        h.createUpdate("DELETE FROM expiring_group_memberships WHERE user_id = :user_id").bind("user_id", userId).execute();
    }

    // ---- expiring group memberships

    /** The groups a provider's logins gave this user, as last confirmed (expired or not). */
    public static List<String> expiringGroupIds(Handle h, String userId, String idpId)
    {
        return h.createQuery("SELECT group_id FROM expiring_group_memberships WHERE user_id = :user_id AND idp_id = :idp_id ORDER BY group_id")
                .bind("user_id", userId).bind("idp_id", idpId).mapTo(String.class).list();
    }

    /** Replaces what this provider's logins gave the user with these groups, confirmed now. */
    public static void replaceExpiringGroups(Handle h, String userId, String idpId, List<String> groupIds, long now)
    {
        h.createUpdate("DELETE FROM expiring_group_memberships WHERE user_id = :user_id AND idp_id = :idp_id")
                .bind("user_id", userId).bind("idp_id", idpId).execute();
        for (String groupId : groupIds) {
            // a group another provider gave too is confirmed by this one now
            h.createUpdate("DELETE FROM expiring_group_memberships WHERE user_id = :user_id AND group_id = :group_id")
                    .bind("user_id", userId).bind("group_id", groupId).execute();
            h.createUpdate("INSERT INTO expiring_group_memberships (user_id, group_id, idp_id, last_verified) "
                            + "VALUES (:user_id, :group_id, :idp_id, :now)")
                    .bind("user_id", userId).bind("group_id", groupId).bind("idp_id", idpId).bind("now", now).execute();
        }
    }

    /** Confirms the same groups again: only a timestamp moves. */
    public static void confirmExpiringGroups(Handle h, String userId, String idpId, long now)
    {
        h.createUpdate("UPDATE expiring_group_memberships SET last_verified = :now WHERE user_id = :user_id AND idp_id = :idp_id")
                .bind("user_id", userId).bind("idp_id", idpId).bind("now", now).execute();
    }
}
