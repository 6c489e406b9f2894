package io.xloud.core.microversion;

import static java.util.Objects.requireNonNull;

/** The microversions from {@code minimum} to {@code maximum}, both included. */
public record MicroversionRange(Microversion minimum, Microversion maximum)
{
    private static final Microversion LOWEST = new Microversion(0, 0);
    private static final Microversion HIGHEST = new Microversion(Integer.MAX_VALUE, Integer.MAX_VALUE);

    /** Every version: what a route not bound to a range serves. */
    public static final MicroversionRange ANY = new MicroversionRange(LOWEST, HIGHEST);

    public MicroversionRange
    {
        requireNonNull(minimum, "minimum is null");
        requireNonNull(maximum, "maximum is null");
        if (minimum.compareTo(maximum) > 0) {
            throw new IllegalArgumentException("empty microversion range: " + minimum + " to " + maximum);
        }
    }

    /** From a version on, as Nova's {@code @api_version("2.47")}. */
    public static MicroversionRange since(String minimum)
    {
        return new MicroversionRange(Microversion.parse(minimum), HIGHEST);
    }

    /** Up to a version, included, as Nova's {@code @api_version("2.1", "2.46")}. */
    public static MicroversionRange until(String maximum)
    {
        return new MicroversionRange(LOWEST, Microversion.parse(maximum));
    }

    public static MicroversionRange between(String minimum, String maximum)
    {
        return new MicroversionRange(Microversion.parse(minimum), Microversion.parse(maximum));
    }

    public boolean contains(Microversion version)
    {
        return minimum.compareTo(version) <= 0 && version.compareTo(maximum) <= 0;
    }

    public boolean overlaps(MicroversionRange other)
    {
        return minimum.compareTo(other.maximum) <= 0 && other.minimum.compareTo(maximum) <= 0;
    }

    public boolean isAny()
    {
        return equals(ANY);
    }

    @Override
    public String toString()
    {
        if (isAny()) {
            return "any";
        }
        if (maximum.equals(HIGHEST)) {
            return minimum + "+";
        }
        if (minimum.equals(LOWEST)) {
            return "up to " + maximum;
        }
        return minimum + " to " + maximum;
    }
}
