package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectPath;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A Swift path, {@code /v1/AUTH_<project>[/<container>[/<object>]]}, cut from the raw request path so that
 * object names keep every byte: slashes, empty segments, trailing slashes, {@code ..}, and {@code %2F}.
 */
public record SwiftPath(String account, String project, Optional<String> container, Optional<String> object)
{
    public static final String RESELLER_PREFIX = "AUTH_";
    public static final String ROOT = "/object-store/v1/";

    public SwiftPath
    {
        requireNonNull(account, "account is null");
        requireNonNull(project, "project is null");
        requireNonNull(container, "container is null");
        requireNonNull(object, "object is null");
    }

    /** Parses a raw path under {@link #ROOT}. */
    public static SwiftPath parse(String rawPath)
    {
        if (!rawPath.startsWith(ROOT)) {
            throw new ApiException(ObjectErrorCode.NO_SUCH_ACCOUNT, "The resource could not be found.");
        }
        return parseRelative(rawPath.substring(ROOT.length()));
    }

    /** Parses {@code AUTH_x/container/object}, still percent-encoded. */
    public static SwiftPath parseRelative(String raw)
    {
        int slash = raw.indexOf('/');
        String account = decode(slash < 0 ? raw : raw.substring(0, slash));
        if (!account.startsWith(RESELLER_PREFIX) || account.length() == RESELLER_PREFIX.length()) {
            throw new ApiException(ObjectErrorCode.NO_SUCH_ACCOUNT, "The resource could not be found.");
        }
        String project = account.substring(RESELLER_PREFIX.length());
        if (slash < 0 || slash == raw.length() - 1) {
            return new SwiftPath(account, project, Optional.empty(), Optional.empty());
        }
        String rest = raw.substring(slash + 1);
        int next = rest.indexOf('/');
        String container = decode(next < 0 ? rest : rest.substring(0, next));
        if (next < 0 || next == rest.length() - 1) {
            return new SwiftPath(account, project, Optional.of(container), Optional.empty());
        }
        return new SwiftPath(account, project, Optional.of(container), Optional.of(decode(rest.substring(next + 1))));
    }

    public boolean isAccount()
    {
        return container.isEmpty();
    }

    public boolean isContainer()
    {
        return container.isPresent() && object.isEmpty();
    }

    public boolean isObject()
    {
        return object.isPresent();
    }

    public String containerName()
    {
        return container.orElseThrow();
    }

    public ObjectPath objectPath()
    {
        return new ObjectPath(project, container.orElseThrow(), object.orElseThrow());
    }

    public SwiftPath withObject(String container, String object)
    {
        return new SwiftPath(account, project, Optional.of(container), Optional.of(object));
    }

    /** Percent-decoding as Swift does it: the bytes must be UTF-8 and hold no NUL, or the request is refused (412). */
    public static String decode(String raw)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high >= 0 && low >= 0) {
                    out.write(high * 16 + low);
                    i += 2;
                    continue;
                }
            }
            byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(encoded, 0, encoded.length);
        }
        return utf8(out.toByteArray());
    }

    /** Strict UTF-8 without NUL, or 412 as Swift answers it. */
    public static String utf8(byte[] bytes)
    {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            if (text.indexOf('\0') >= 0) {
                throw invalidUtf8();
            }
            return text;
        }
        catch (CharacterCodingException e) {
            throw invalidUtf8();
        }
    }

    private static ApiException invalidUtf8()
    {
        return new ApiException(ObjectErrorCode.PRECONDITION_FAILED, "Invalid UTF8 or contains NULL");
    }

    /** Percent-encodes a name for a URL path or header, keeping '/' as Swift's quote() does. */
    public static String quote(String name)
    {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~/".indexOf(c) >= 0) {
                out.append((char) c);
            }
            else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
