package io.xloud.core.microversion;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One API microversion, {@code major.minor}: Nova's 2.1 to 2.9x, Cinder's 3.0 to 3.7x.
 * Ordered by major, then minor, so 2.10 comes after 2.9. The text form is strict as Nova's:
 * no leading zeros, no sign, no spaces, exactly two numbers.
 */
public record Microversion(int major, int minor)
        implements Comparable<Microversion>
{
    // Nova's grammar (api_version_request.py); "latest" is a request keyword, not a version, see MicroversionSupport
    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]*)\\.([1-9][0-9]*|0)");

    public Microversion
    {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("microversion numbers must not be negative: " + major + "." + minor);
        }
    }

    public static Microversion of(int major, int minor)
    {
        return new Microversion(major, minor);
    }

    /** Parses {@code "2.47"}; IllegalArgumentException for anything else, including numbers past an int. */
    public static Microversion parse(String text)
    {
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a microversion (major.minor): " + text);
        }
        try {
            return new Microversion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("microversion out of bounds: " + text);
        }
    }

    /** Whether the text has the form of a microversion, whatever the size of its numbers. */
    public static boolean isWellFormed(String text)
    {
        return FORMAT.matcher(text).matches();
    }

    public boolean isAtLeast(Microversion other)
    {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(Microversion other)
    {
        int byMajor = Integer.compare(major, other.major);
        return byMajor != 0 ? byMajor : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString()
    {
        return major + "." + minor;
    }
}
