package io.xloud.identity.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a Fernet token carries, encrypted: enough to rebuild the token without a database row.
 * Encoded as '|'-separated fields behind a version tag; identifiers never contain '|'.
 * A federated token ("x2") adds what Keystone's federated payloads add: the identity provider, the protocol and the
 * ids of the groups the mapping gave (its roles through those groups hold only while the token does).
 */
public record TokenPayload(
        String userId,
        List<String> methods,
        Scope scope,
        String scopeId,
        long issuedAtMillis,
        long expiresAtMillis,
        List<String> auditIds,
        Optional<String> trustId,
        Optional<String> applicationCredentialId,
        Optional<Federation> federation)
{
    /** The federated origin of a token: Keystone's OS-FEDERATION block. */
    public record Federation(String identityProviderId, String protocolId, List<String> groupIds)
    {
        public Federation
        {
            requireNonNull(identityProviderId, "identityProviderId is null");
            requireNonNull(protocolId, "protocolId is null");
            groupIds = List.copyOf(groupIds);
        }
    }

    public enum Scope
    {
        UNSCOPED, PROJECT, DOMAIN, SYSTEM, TRUST
    }

    // the bit of a method is its index here: new methods go at the end
    private static final List<String> METHODS = List.of("password", "token", "application_credential", "totp", "mapped", "oauth1", "ec2credential");
    private static final String VERSION = "x1";
    private static final String FEDERATED_VERSION = "x2";
    /** The bit standing for a federated token's protocol id, whatever its name ("openid", "saml2", ...). */
    private static final int PROTOCOL_BIT = 30;

    public TokenPayload
    {
        requireNonNull(userId, "userId is null");
        methods = List.copyOf(methods);
        requireNonNull(scope, "scope is null");
        requireNonNull(scopeId, "scopeId is null");
        auditIds = List.copyOf(auditIds);
        requireNonNull(trustId, "trustId is null");
        requireNonNull(applicationCredentialId, "applicationCredentialId is null");
        requireNonNull(federation, "federation is null");
    }

    public TokenPayload(String userId, List<String> methods, Scope scope, String scopeId, long issuedAtMillis, long expiresAtMillis,
            List<String> auditIds, Optional<String> trustId, Optional<String> applicationCredentialId)
    {
        this(userId, methods, scope, scopeId, issuedAtMillis, expiresAtMillis, auditIds, trustId, applicationCredentialId, Optional.empty());
    }

    public String encode()
    {
        int methodBits = 0;
        for (String method : methods) {
            int index = METHODS.indexOf(method);
            if (index < 0 && federation.isPresent() && federation.get().protocolId().equals(method)) {
                index = PROTOCOL_BIT;
            }
            if (index < 0) {
                throw new IllegalArgumentException("unknown auth method " + method);
            }
            methodBits |= 1 << index;
        }
        String common = String.join("|", federation.isPresent() ? FEDERATED_VERSION : VERSION, userId, Integer.toString(methodBits),
                scope.name().substring(0, 1), scopeId, Long.toString(issuedAtMillis), Long.toString(expiresAtMillis), String.join(",", auditIds),
                trustId.orElse(""), applicationCredentialId.orElse(""));
        if (federation.isEmpty()) {
            return common;
        }
        Federation origin = federation.get();
        return String.join("|", common, origin.identityProviderId(), origin.protocolId(), String.join(",", origin.groupIds()));
    }

    public static Optional<TokenPayload> decode(String text)
    {
        String[] fields = text.split("\\|", -1);
        boolean federated = fields.length == 13 && fields[0].equals(FEDERATED_VERSION);
        if (!(fields.length == 10 && fields[0].equals(VERSION)) && !federated) {
            return Optional.empty();
        }
        try {
            int bits = Integer.parseInt(fields[2]);
            Optional<Federation> federation = federated
                    ? Optional.of(new Federation(fields[10], fields[11], fields[12].isEmpty() ? List.of() : List.of(fields[12].split(","))))
                    : Optional.empty();
            List<String> methods = new ArrayList<>();
            for (int i = 0; i < METHODS.size(); i++) {
                if ((bits & (1 << i)) != 0) {
                    methods.add(METHODS.get(i));
                }
            }
            if ((bits & (1 << PROTOCOL_BIT)) != 0 && federation.isPresent() && !methods.contains(federation.get().protocolId())) {
                methods.add(federation.get().protocolId());
            }
            Scope scope = switch (fields[3]) {
                case "U" -> Scope.UNSCOPED;
                case "P" -> Scope.PROJECT;
                case "D" -> Scope.DOMAIN;
                case "S" -> Scope.SYSTEM;
                case "T" -> Scope.TRUST;
                default -> throw new IllegalArgumentException("scope");
            };
            List<String> audits = fields[7].isEmpty() ? List.of() : List.of(fields[7].split(","));
            return Optional.of(new TokenPayload(fields[1], methods, scope, fields[4], Long.parseLong(fields[5]), Long.parseLong(fields[6]),
                    audits, optional(fields[8]), optional(fields[9]), federation));
        }
        catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> optional(String field)
    {
        return field.isEmpty() ? Optional.empty() : Optional.of(field);
    }

    public String auditChainId()
    {
        return auditIds.size() > 1 ? auditIds.get(1) : auditIds.getFirst();
    }
}
