package io.xloud.objectstore.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.xloud.core.auth.AuthContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An account ACL, {@code X-Account-Access-Control}: Swift's version 2 syntax, a JSON object with the lists
 * {@code admin}, {@code read-write} and {@code read-only}, checked as TempAuth checks it. Its entries name Keystone
 * identities by id, the way keystoneauth's container ACLs do: {@code <project_id>:<user_id>}, {@code <project_id>:*},
 * {@code *:<user_id>}, {@code *:*}, or a bare user or project id.
 */
record AccountAcl(List<String> admin, List<String> readWrite, List<String> readOnly)
{
    public static final String HEADER = "X-Account-Access-Control";
    /** The account system metadata key that holds the ACL, as Swift's X-Account-Sysmeta-Core-Access-Control. */
    public static final String SYSMETA = "core-access-control";
    public static final AccountAcl EMPTY = new AccountAcl(List.of(), List.of(), List.of());

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final List<String> KEYS = List.of("admin", "read-write", "read-only");

    /** What an ACL grants a caller, from nothing to everything an owner may do. */
    enum Level
    {
        NONE, READ_ONLY, READ_WRITE, ADMIN
    }

    AccountAcl
    {
        admin = List.copyOf(admin);
        readWrite = List.copyOf(readWrite);
        readOnly = List.copyOf(readOnly);
    }

    /** A header value's ACL, or the reason it is refused, in TempAuth's words. */
    sealed interface Parsed
    {
        record Valid(AccountAcl acl) implements Parsed {}

        record Invalid(String error) implements Parsed {}
    }

    static Parsed parse(String value)
    {
        if (value.isEmpty()) {
            return new Parsed.Valid(EMPTY);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(value);
        }
        catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return new Parsed.Invalid("Syntax error in input (" + Symlinks.pythonRepr(value) + ")");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                return new Parsed.Invalid("Key " + jsonString(name) + " not recognized");
            }
        }
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (String key : KEYS) {
            JsonNode list = root.get(key);
            List<String> entries = new ArrayList<>();
            if (list != null) {
                if (!list.isArray()) {
                    return new Parsed.Invalid("Value for key " + jsonString(key) + " must be a list");
                }
                for (JsonNode entry : list) {
                    if (!entry.isTextual()) {
                        return new Parsed.Invalid("Elements of " + jsonString(key) + " list must be strings");
                    }
                    entries.add(entry.asText());
                }
            }
            lists.put(key, entries);
        }
        return new Parsed.Valid(new AccountAcl(lists.get("admin"), lists.get("read-write"), lists.get("read-only")));
    }

    /** The stored ACL of an account; one that no longer parses grants nothing. */
    static AccountAcl stored(Optional<String> value)
    {
        return value.map(AccountAcl::parse).filter(Parsed.Valid.class::isInstance).map(parsed -> ((Parsed.Valid) parsed).acl()).orElse(EMPTY);
    }

    boolean isEmpty()
    {
        return admin.isEmpty() && readWrite.isEmpty() && readOnly.isEmpty();
    }

    /** The ACL as Swift shows it to owners: compact JSON with sorted keys, non-ASCII escaped; empty lists are left out. */
    String format()
    {
        Map<String, List<String>> sorted = new LinkedHashMap<>();
        if (!admin.isEmpty()) {
            sorted.put("admin", admin);
        }
        if (!readOnly.isEmpty()) {
            sorted.put("read-only", readOnly);
        }
        if (!readWrite.isEmpty()) {
            sorted.put("read-write", readWrite);
        }
        try {
            return asciiOnly(MAPPER.writeValueAsString(sorted));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The highest level any entry grants the caller. */
    Level level(AuthContext caller)
    {
        if (matches(admin, caller)) {
            return Level.ADMIN;
        }
        if (matches(readWrite, caller)) {
            return Level.READ_WRITE;
        }
        if (matches(readOnly, caller)) {
            return Level.READ_ONLY;
        }
        return Level.NONE;
    }

    private static boolean matches(List<String> entries, AuthContext caller)
    {
        String userId = caller.userId();
        Optional<String> projectId = caller.projectId();
        for (String raw : entries) {
            String entry = raw.strip();
            int colon = entry.indexOf(':');
            if (colon < 0) {
                if (entry.equals(userId) || projectId.filter(entry::equals).isPresent()) {
                    return true;
                }
                continue;
            }
            String project = entry.substring(0, colon).strip();
            String user = entry.substring(colon + 1).strip();
            // like keystoneauth's ACLs, a grant to a project needs a token scoped to it
            boolean projectMatches = projectId.isPresent() && (project.equals("*") || project.equals(projectId.get()));
            boolean userMatches = user.equals("*") || user.equals(userId);
            if (projectMatches && userMatches) {
                return true;
            }
        }
        return false;
    }

    /** Python's json.dumps(ensure_ascii=True): non-ASCII characters (only ever inside strings) as lower-case \\u escapes. */
    private static String asciiOnly(String json)
    {
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c > 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            }
            else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String jsonString(String value)
    {
        try {
            return asciiOnly(MAPPER.writeValueAsString(value));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
