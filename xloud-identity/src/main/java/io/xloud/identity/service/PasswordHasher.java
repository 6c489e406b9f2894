package io.xloud.identity.service;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

import java.nio.charset.StandardCharsets;

/** bcrypt as Keystone uses it: only the first 72 bytes of a password count. */
public final class PasswordHasher
{
    private final int rounds;
    private final BCrypt.Hasher hasher;
    private final BCrypt.Verifyer verifier;

    public PasswordHasher(int rounds)
    {
        this.rounds = rounds;
        this.hasher = BCrypt.with(BCrypt.Version.VERSION_2B, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B));
        this.verifier = BCrypt.verifyer(BCrypt.Version.VERSION_2B, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B));
    }

    public String hash(String password)
    {
        return new String(hasher.hash(rounds, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    public boolean verify(String password, String hash)
    {
        if (hash == null || hash.isEmpty()) {
            return false;
        }
        try {
            return verifier.verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
        }
        catch (RuntimeException e) {
            return false;
        }
    }
}
