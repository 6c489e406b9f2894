package io.xloud.identity.service;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/** Keystone's identifiers: 32 lower-case hex digits. */
public final class Ids
{
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String newId()
    {
        return UUID.randomUUID().toString().replace("-", "");
    }

    public static String randomUrlSafe(int bytes)
    {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }

    public static String randomHex(int bytes)
    {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }
}
