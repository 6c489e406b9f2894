package io.xloud.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The platform's settings: declared keys with defaults, then {@code xloud.conf} in the data directory,
 * then environment variables ({@code XLOUD_} + key in upper case, dots as underscores), then flags.
 * An unknown key in the file or among the flags stops start-up.
 */
public final class XloudConfig
{
    public record Key(String name, String defaultValue, String description)
    {
        public Key
        {
            requireNonNull(name, "name is null");
            requireNonNull(defaultValue, "defaultValue is null");
            requireNonNull(description, "description is null");
        }

        public String environmentVariable()
        {
            return "XLOUD_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    private final Map<String, Key> keys;
    private final Map<String, String> values;

    private XloudConfig(Map<String, Key> keys, Map<String, String> values)
    {
        this.keys = Map.copyOf(keys);
        this.values = Map.copyOf(values);
    }

    public static XloudConfig load(Collection<Key> declared, Optional<Path> file, Map<String, String> environment, Map<String, String> flags)
    {
        Map<String, Key> keys = new LinkedHashMap<>();
        for (Key key : declared) {
            if (keys.put(key.name(), key) != null) {
                throw new IllegalStateException("config key declared twice: " + key.name());
            }
        }
        Map<String, String> values = new TreeMap<>();
        keys.values().forEach(key -> values.put(key.name(), key.defaultValue()));
        if (file.isPresent() && Files.isRegularFile(file.get())) {
            Map<String, String> fromFile = readFile(file.get());
            fromFile.forEach((name, value) -> {
                if (!keys.containsKey(name)) {
                    throw new IllegalArgumentException("unknown setting '" + name + "' in " + file.get());
                }
                values.put(name, value);
            });
        }
        for (Key key : keys.values()) {
            String fromEnvironment = environment.get(key.environmentVariable());
            if (fromEnvironment != null) {
                values.put(key.name(), fromEnvironment);
            }
        }
        flags.forEach((name, value) -> {
            if (!keys.containsKey(name)) {
                throw new IllegalArgumentException("unknown setting '" + name + "'");
            }
            values.put(name, value);
        });
        return new XloudConfig(keys, values);
    }

    public static XloudConfig of(Collection<Key> declared, Map<String, String> overrides)
    {
        return load(declared, Optional.empty(), Map.of(), overrides);
    }

    private static Map<String, String> readFile(Path file)
    {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        }
        catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        int number = 0;
        for (String line : lines) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(file + ":" + number + ": expected 'key = value'");
            }
            values.put(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1).strip());
        }
        return values;
    }

    public String get(String name)
    {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("undeclared setting: " + name);
        }
        return value;
    }

    public Optional<String> optional(String name)
    {
        String value = get(name);
        return value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public int getInt(String name)
    {
        try {
            return Integer.parseInt(get(name).strip());
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + name + " must be a whole number, not '" + get(name) + "'");
        }
    }

    public long getLong(String name)
    {
        try {
            return Long.parseLong(get(name).strip());
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + name + " must be a whole number, not '" + get(name) + "'");
        }
    }

    public boolean getBoolean(String name)
    {
        String value = get(name).strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off", "" -> false;
            default -> throw new IllegalArgumentException("setting " + name + " must be true or false, not '" + value + "'");
        };
    }

    public Collection<Key> keys()
    {
        return keys.values();
    }

    /** A copy with some settings replaced; for tests and for derived settings such as the public URL. */
    public XloudConfig with(Map<String, String> overrides)
    {
        Map<String, String> copy = new TreeMap<>(values);
        overrides.forEach((name, value) -> {
            if (!keys.containsKey(name)) {
                throw new IllegalArgumentException("unknown setting '" + name + "'");
            }
            copy.put(name, value);
        });
        return new XloudConfig(keys, copy);
    }
}
