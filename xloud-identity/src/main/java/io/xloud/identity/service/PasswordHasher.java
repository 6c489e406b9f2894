package io.xloud.identity.service;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

import java.nio.charset.StandardCharsets;

/** bcrypt as Keystone uses it: only the first 72 bytes of a password count. */
public final class PasswordHasher
{
    private static final String WARM_UP_HASH = "$2b$04$lRrNkijaxvEwo3kyQemNjOOg2v8mo3WTSLbODoW34yTMH93iuhUua";
    private static final int WARM_UP_ROUNDS = 12;

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

    /**
     * Runs bcrypt's inner loops until the JIT has compiled them, on a cheap hash of a fixed word: a cold JVM spends
     * about 0.45 s on the first cost-12 check and 0.25 s once they are compiled, so the first password
     * authentication after a start no longer pays the difference.
     */
    public void warmUp()
    {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            verify("warm-up", WARM_UP_HASH);
        }
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
