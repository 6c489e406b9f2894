package io.xloud.identity.service;

import io.xloud.core.error.ApiException;
import io.xloud.identity.IdentityErrorCode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.LongPredicate;

import static java.util.Objects.requireNonNull;

/**
 * Keystone's {@code password_expires_at} filter, {@code [op:]timestamp}, for lists filtered in memory (the users of a
 * group): an operator when a colon stands at the third or fourth character, otherwise {@code eq}; the timestamp is
 * checked first, then the operator, each a 400 when invalid. A user whose password never expires matches no value.
 */
public record PasswordExpiryFilter(String operator, long atMillis)
{
    public PasswordExpiryFilter
    {
        requireNonNull(operator, "operator is null");
    }

    public static PasswordExpiryFilter parse(String value)
    {
        int colon = value.indexOf(':');
        boolean prefixed = colon >= 2 && colon <= 3;
        String operator = prefixed ? value.substring(0, colon) : "eq";
        String timestamp = prefixed ? value.substring(colon + 1) : value;
        Instant at = parseTime(timestamp).orElseThrow(() -> new ApiException(IdentityErrorCode.VALIDATION_ERROR,
                "Timestamp not in expected format. The server could not comply with the request since it is either malformed or otherwise "
                        + "incorrect. The client is assumed to be in error."));
        if (!java.util.Set.of("eq", "neq", "lt", "lte", "gt", "gte").contains(operator)) {
            throw new ApiException(IdentityErrorCode.VALIDATION_ERROR, "The given operator " + operator
                    + " is not valid. It must be one of the following: 'eq', 'neq', 'lt', 'lte', 'gt', or 'gte'.");
        }
        return new PasswordExpiryFilter(operator, at.toEpochMilli());
    }

    public boolean matches(User user)
    {
        LongPredicate test = switch (operator) {
            case "neq" -> expires -> expires != atMillis;
            case "lt" -> expires -> expires < atMillis;
            case "lte" -> expires -> expires <= atMillis;
            case "gt" -> expires -> expires > atMillis;
            case "gte" -> expires -> expires >= atMillis;
            default -> expires -> expires == atMillis;
        };
        return user.passwordExpiresAt().map(test::test).orElse(false);
    }

    private static Optional<Instant> parseTime(String text)
    {
        String value = text.strip();
        if (value.isEmpty() || value.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        }
        catch (DateTimeParseException e) {
            // no offset: UTC
        }
        try {
            return Optional.of(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
        }
        catch (DateTimeParseException e) {
            // a date alone
        }
        try {
            return Optional.of(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
