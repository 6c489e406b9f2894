package io.xloud.core.events;

import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A glob over event types: {@code *} stands for any run of characters, dots included, so {@code identity.project.*}
 * and {@code identity.*} both match {@code identity.project.created}, and {@code *} matches every event.
 */
public record EventTypePattern(String pattern)
{
    public static final int MAX_LENGTH = 255;
    private static final Pattern VALID = Pattern.compile("[a-z0-9_.*-]+");

    public EventTypePattern
    {
        requireNonNull(pattern, "pattern is null");
        if (!isValid(pattern)) {
            throw new IllegalArgumentException("invalid event type pattern");
        }
    }

    public static boolean isValid(String pattern)
    {
        return pattern != null && !pattern.isEmpty() && pattern.length() <= MAX_LENGTH && VALID.matcher(pattern).matches();
    }

    public boolean matches(String type)
    {
        return matches(pattern, 0, type, 0);
    }

    // iterative glob match: linear in practice, no regular expression built from user input
    private static boolean matches(String pattern, int p, String text, int t)
    {
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == text.charAt(t) && pattern.charAt(p) != '*') {
                p++;
                t++;
            }
            else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            }
            else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            }
            else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** The pattern as a SQL LIKE pattern with {@code \} as the escape character. */
    public String toLike()
    {
        StringBuilder like = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> like.append('%');
                case '_', '%', '\\' -> like.append('\\').append(c);
                default -> like.append(c);
            }
        }
        return like.toString();
    }
}
