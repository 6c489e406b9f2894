package io.xloud.identity.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a Fernet token carries, encrypted: enough to rebuild the token without a database row.
 * Encoded as '|'-separated fields behind a version tag; identifiers never contain '|'.
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
        Optional<String> applicationCredentialId)
{
    public enum Scope
    {
        UNSCOPED, PROJECT, DOMAIN, SYSTEM, TRUST
    }

    // the bit of a method is its index here: new methods go at the end
    private static final List<String> METHODS = List.of("password", "token", "application_credential", "totp", "mapped", "oauth1", "ec2credential");
    private static final String VERSION = "x1";

    public TokenPayload
    {
        requireNonNull(userId, "userId is null");
        methods = List.copyOf(methods);
        requireNonNull(scope, "scope is null");
        requireNonNull(scopeId, "scopeId is null");
        auditIds = List.copyOf(auditIds);
        requireNonNull(trustId, "trustId is null");
        requireNonNull(applicationCredentialId, "applicationCredentialId is null");
    }

    public String encode()
    {
        int methodBits = 0;
        for (String method : methods) {
            int index = METHODS.indexOf(method);
            if (index < 0) {
                throw new IllegalArgumentException("unknown auth method " + method);
            }
            methodBits |= 1 << index;
        }
        return String.join("|", VERSION, userId, Integer.toString(methodBits), scope.name().substring(0, 1), scopeId,
                Long.toString(issuedAtMillis), Long.toString(expiresAtMillis), String.join(",", auditIds),
                trustId.orElse(""), applicationCredentialId.orElse(""));
    }

    public static Optional<TokenPayload> decode(String text)
    {
        String[] fields = text.split("\\|", -1);
        if (fields.length != 10 || !fields[0].equals(VERSION)) {
            return Optional.empty();
        }
        try {
            int bits = Integer.parseInt(fields[2]);
            List<String> methods = new ArrayList<>();
            for (int i = 0; i < METHODS.size(); i++) {
                if ((bits & (1 << i)) != 0) {
                    methods.add(METHODS.get(i));
                }
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
                    audits, optional(fields[8]), optional(fields[9])));
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
