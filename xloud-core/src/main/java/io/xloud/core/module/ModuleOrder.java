package io.xloud.core.module;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The order modules start in: a module after every module whose ports it needs, directly or through an adapter; otherwise as listed. */
final class ModuleOrder
{
    private ModuleOrder() {}

    /**
     * @throws IllegalStateException if a needed port has no provider, two modules offer one port, or modules need each other in a cycle
     */
    static List<XloudModule> of(List<XloudModule> modules, List<PortAdapter<?, ?>> adapters, Set<Class<?>> given)
    {
        Map<XloudModule, Set<XloudModule>> after = dependencies(modules, adapters, given);
        List<XloudModule> ordered = new ArrayList<>();
        List<XloudModule> remaining = new ArrayList<>(modules);
        while (!remaining.isEmpty()) {
            XloudModule next = remaining.stream().filter(module -> ordered.containsAll(after.get(module))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("modules need each other's ports in a cycle: "
                            + remaining.stream().map(XloudModule::name).toList()));
            ordered.add(next);
            remaining.remove(next);
        }
        return ordered;
    }

    /**
     * The modules, in start order, that the module offering {@code port} needs to run, itself included; none when
     * no module offers it.
     */
    static List<XloudModule> neededFor(Class<?> port, List<XloudModule> ordered, List<PortAdapter<?, ?>> adapters, Set<Class<?>> given)
    {
        Map<XloudModule, Set<XloudModule>> after = dependencies(ordered, adapters, given);
        Set<XloudModule> needed = new HashSet<>();
        ArrayDeque<XloudModule> pending = new ArrayDeque<>();
        ordered.stream().filter(module -> module.offers().contains(port)).forEach(pending::add);
        while (!pending.isEmpty()) {
            XloudModule module = pending.poll();
            if (needed.add(module)) {
                pending.addAll(after.get(module));
            }
        }
        return ordered.stream().filter(needed::contains).toList();
    }

    private static Map<XloudModule, Set<XloudModule>> dependencies(List<XloudModule> modules, List<PortAdapter<?, ?>> adapters, Set<Class<?>> given)
    {
        Map<Class<?>, XloudModule> providers = new HashMap<>();
        for (XloudModule module : modules) {
            for (Class<?> port : module.offers()) {
                XloudModule earlier = providers.put(port, module);
                if (earlier != null) {
                    throw new IllegalStateException("port " + port.getSimpleName() + " is offered by both " + earlier.name() + " and " + module.name());
                }
            }
        }
        Map<Class<?>, PortAdapter<?, ?>> adapterOf = new HashMap<>();
        for (PortAdapter<?, ?> adapter : adapters) {
            if (adapterOf.put(adapter.port(), adapter) != null) {
                throw new IllegalStateException("two adapters make port " + adapter.port().getSimpleName());
            }
        }
        Map<XloudModule, Set<XloudModule>> after = new HashMap<>();
        for (XloudModule module : modules) {
            Set<XloudModule> dependencies = new LinkedHashSet<>();
            for (Class<?> port : module.needs()) {
                if (given.contains(port)) {
                    continue;
                }
                XloudModule provider = providers.get(port);
                if (provider == null && adapterOf.containsKey(port)) {
                    Class<?> from = adapterOf.get(port).from();
                    provider = modules.stream().filter(from::isInstance).findFirst()
                            .orElseThrow(() -> new IllegalStateException("module " + module.name() + " needs port " + port.getSimpleName()
                                    + ", adapted from " + from.getSimpleName() + ", which is not loaded"));
                }
                if (provider == null) {
                    throw new IllegalStateException("module " + module.name() + " needs port " + port.getSimpleName() + ", which nothing offers");
                }
                if (provider != module) {
                    dependencies.add(provider);
                }
            }
            after.put(module, dependencies);
        }
        return after;
    }
}
