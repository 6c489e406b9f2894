package io.xloud.core.module;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/** The ports offered so far, one implementation per interface. */
final class Ports
{
    private final Map<Class<?>, Object> implementations = new ConcurrentHashMap<>();

    <T> void offer(Class<T> port, T implementation, String by)
    {
        requireNonNull(port, "port is null");
        requireNonNull(implementation, "implementation is null");
        if (!port.isInstance(implementation)) {
            throw new IllegalArgumentException(implementation.getClass().getName() + " does not implement " + port.getName());
        }
        if (implementations.putIfAbsent(port, implementation) != null) {
            throw new IllegalStateException("port " + port.getSimpleName() + " is already offered; " + by + " offers it again");
        }
    }

    void putAll(Ports other)
    {
        implementations.putAll(other.implementations);
    }

    boolean has(Class<?> port)
    {
        return implementations.containsKey(port);
    }

    <T> Optional<T> find(Class<T> port)
    {
        return Optional.ofNullable(implementations.get(port)).map(port::cast);
    }

    Set<Class<?>> types()
    {
        return Set.copyOf(implementations.keySet());
    }
}
