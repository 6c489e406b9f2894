package io.xloud.core.module;

import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * How the port one module needs is made from another, started module: e.g. object storage's
 * {@code S3Credentials} from Identity's EC2 credentials. Adapters live in the wiring (xloud-server), so that
 * no service imports another; the module they read from is started first.
 */
public record PortAdapter<M extends XloudModule, T>(Class<T> port, Class<M> from, Function<M, ? extends T> create)
{
    public PortAdapter
    {
        requireNonNull(port, "port is null");
        requireNonNull(from, "from is null");
        requireNonNull(create, "create is null");
    }

    public static <M extends XloudModule, T> PortAdapter<M, T> of(Class<T> port, Class<M> from, Function<M, ? extends T> create)
    {
        return new PortAdapter<>(port, from, create);
    }

    T adapt(XloudModule module)
    {
        return requireNonNull(create.apply(from.cast(module)), () -> "adapter to " + port.getSimpleName() + " made nothing");
    }
}
