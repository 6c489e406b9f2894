package io.xloud.identity.store;

import io.xloud.core.json.Json;
import io.xloud.identity.service.DomainConfigOption;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/** Domain-specific configuration, one row per option. */
public final class DomainConfigStore
{
    private DomainConfigStore() {}

    /** The options a domain has set, in no particular order. */
    public static List<DomainConfigOption> options(Handle h, String domainId)
    {
        return h.createQuery("SELECT config_group, config_option, config_value FROM domain_configs WHERE domain_id = :d")
                .bind("d", domainId)
                .map((rs, ctx) -> new DomainConfigOption(rs.getString("config_group"), rs.getString("config_option"),
                        Json.parse(rs.getString("config_value"))))
                .list();
    }

    public static void put(Handle h, String domainId, DomainConfigOption option)
    {
        h.createUpdate("DELETE FROM domain_configs WHERE domain_id = :d AND config_group = :g AND config_option = :o")
                .bind("d", domainId).bind("g", option.group()).bind("o", option.option()).execute();
        h.createUpdate("INSERT INTO domain_configs (domain_id, config_group, config_option, config_value) VALUES (:d, :g, :o, :v)")
                .bind("d", domainId).bind("g", option.group()).bind("o", option.option()).bind("v", Json.string(option.value())).execute();
    }

    /** Deletes a domain's whole config, one group of it, or one option. */
    public static void delete(Handle h, String domainId, Optional<String> group, Optional<String> option)
    {
        StringBuilder sql = new StringBuilder("DELETE FROM domain_configs WHERE domain_id = :d");
        group.ifPresent(ignored -> sql.append(" AND config_group = :g"));
        option.ifPresent(ignored -> sql.append(" AND config_option = :o"));
        var update = h.createUpdate(sql.toString()).bind("d", domainId);
        group.ifPresent(value -> update.bind("g", value));
        option.ifPresent(value -> update.bind("o", value));
        update.execute();
    }
}
