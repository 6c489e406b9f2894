package io.xloud.identity;

import io.xloud.core.config.XloudConfig.Key;
import io.xloud.core.config.XloudConfig;

import java.util.List;
import java.util.Optional;

/** Identity's settings, with Keystone's defaults; the security-compliance options are off until set. */
public record IdentitySettings(
        long tokenExpirationSeconds,
        long allowExpiredWindowSeconds,
        int passwordHashRounds,
        int lockoutFailureAttempts,
        long lockoutDurationSeconds,
        int passwordExpiresDays,
        int uniqueLastPasswordCount,
        int minimumPasswordAgeDays,
        Optional<String> passwordRegex,
        Optional<String> passwordRegexDescription,
        boolean changePasswordUponFirstUse,
        int fernetMaxActiveKeys,
        int listLimit,
        String region)
{
    public static List<Key> keys()
    {
        return List.of(
                new Key("identity.token_expiration", "3600", "token lifetime in seconds"),
                new Key("identity.allow_expired_window", "172800", "seconds after expiry that allow_expired still validates a token"),
                new Key("identity.password_hash_rounds", "12", "bcrypt cost"),
                new Key("identity.lockout_failure_attempts", "0", "failed password attempts before a user is locked; 0 is off"),
                new Key("identity.lockout_duration", "1800", "seconds a locked user stays locked"),
                new Key("identity.password_expires_days", "0", "days a password stays valid; 0 is forever"),
                new Key("identity.unique_last_password_count", "0", "how many previous passwords may not be reused; 0 or 1 is off"),
                new Key("identity.minimum_password_age", "0", "days before a user may change their password again"),
                new Key("identity.password_regex", "", "regular expression a new password must match"),
                new Key("identity.password_regex_description", "", "what password_regex asks for, shown to users"),
                new Key("identity.change_password_upon_first_use", "false", "new users must change their password before using it"),
                new Key("identity.fernet_max_active_keys", "3", "Fernet keys kept by rotation"),
                new Key("identity.list_limit", "0", "most entries a list returns (with truncated: true); 0 is no limit"),
                new Key("identity.region", "RegionOne", "the region bootstrap creates and the catalog names"));
    }

    public static IdentitySettings from(XloudConfig config)
    {
        return new IdentitySettings(
                config.getLong("identity.token_expiration"),
                config.getLong("identity.allow_expired_window"),
                config.getInt("identity.password_hash_rounds"),
                config.getInt("identity.lockout_failure_attempts"),
                config.getLong("identity.lockout_duration"),
                config.getInt("identity.password_expires_days"),
                config.getInt("identity.unique_last_password_count"),
                config.getInt("identity.minimum_password_age"),
                config.optional("identity.password_regex"),
                config.optional("identity.password_regex_description"),
                config.getBoolean("identity.change_password_upon_first_use"),
                config.getInt("identity.fernet_max_active_keys"),
                config.getInt("identity.list_limit"),
                config.get("identity.region"));
    }
}
