package io.xloud.core.module;

import io.xloud.core.auth.AuthContext;
import io.xloud.core.auth.TokenValidator;
import io.xloud.core.error.ApiException;
import io.xloud.core.error.ErrorDialect;
import io.xloud.core.error.JsonErrorDialect;
import io.xloud.core.http.Router;
import io.xloud.core.http.ServiceModule;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** A service of one route, {@code GET /<name>/thing} guarded by {@code <name>:get_thing}, with the rules and ports a test gives it. */
final class TestModule
        implements XloudModule
{
    private final String name;
    private final Map<String, String> rules;
    private final Set<Class<?>> offers;
    private final Set<Class<?>> needs;
    private final Consumer<ModuleContext> onStart;
    final List<String> events;

    TestModule(String name, Map<String, String> rules, Set<Class<?>> offers, Set<Class<?>> needs, List<String> events, Consumer<ModuleContext> onStart)
    {
        this.name = name;
        this.rules = rules;
        this.offers = offers;
        this.needs = needs;
        this.events = events;
        this.onStart = onStart;
    }

    static TestModule withRules(String name, Map<String, String> rules)
    {
        return new TestModule(name, rules, Set.of(), Set.of(), new ArrayList<>(), context -> {});
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public Map<String, String> policyDefaults()
    {
        return rules;
    }

    @Override
    public List<CatalogEntry> catalog()
    {
        return List.of(new CatalogEntry("test-" + name, name, "/" + name));
    }

    @Override
    public Set<Class<?>> offers()
    {
        return offers;
    }

    @Override
    public Set<Class<?>> needs()
    {
        return needs;
    }

    @Override
    public void start(ModuleContext context)
    {
        events.add("start " + name);
        onStart.accept(context);
    }

    @Override
    public void bootstrap(List<CatalogEntry> catalog)
    {
        events.add("bootstrap " + name + " " + catalog.stream().map(CatalogEntry::name).toList());
    }

    @Override
    public List<ServiceModule> http()
    {
        return List.of(new ServiceModule()
        {
            @Override
            public String name()
            {
                return TestModule.this.name;
            }

            @Override
            public String pathPrefix()
            {
                return "/" + TestModule.this.name;
            }

            @Override
            public ErrorDialect errorDialect()
            {
                return new JsonErrorDialect();
            }

            @Override
            public void routes(Router.Builder routes)
            {
                routes.route("GET", "/" + TestModule.this.name + "/thing", TestModule.this.name + ":get_thing",
                        exchange -> exchange.respond(200, "text/plain", "thing\n".getBytes(StandardCharsets.UTF_8)));
            }

            @Override
            public Map<String, String> policyDefaults()
            {
                return rules;
            }
        });
    }

    @Override
    public void close()
    {
        events.add("close " + name);
    }

    /** Tokens are the caller's roles, comma-separated: {@code "reader"}, {@code "admin,reader"}. */
    static final class RoleTokens
            implements TokenValidator
    {
        @Override
        public AuthContext validate(String token)
        {
            if (token.equals("bad")) {
                throw ApiException.unauthorized("The request you have made requires authentication.");
            }
            List<AuthContext.Role> roles = Arrays.stream(token.split(",")).map(role -> new AuthContext.Role(role, role)).toList();
            return new AuthContext("u1", "user", "default", "Default", Optional.of("p1"), Optional.of("project"), Optional.of("default"),
                    Optional.of("Default"), Optional.empty(), Optional.empty(), false, roles, List.of("password"), Instant.EPOCH,
                    Instant.EPOCH.plusSeconds(3600), List.of("a"), Optional.empty(), Optional.empty(), token);
        }
    }
}
