package io.xloud.objectstore.s3;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A bucket's CORS configuration: {@code <CORSConfiguration><CORSRule>...</CORSRule>...</CORSConfiguration>}, 1 to 100
 * rules, each with at least one AllowedMethod (GET, PUT, HEAD, POST or DELETE) and one AllowedOrigin, each origin and
 * allowed header with one {@code *} at most, as S3 checks it. Kept as the document {@link #toXml()} writes.
 */
public record CorsConfiguration(List<Rule> rules)
{
    public static final int MAX_RULES = 100;
    public static final long MAX_BYTES = 64 * 1024;
    private static final Set<String> METHODS = Set.of("GET", "PUT", "HEAD", "POST", "DELETE");
    private static final Set<String> RULE_ELEMENTS = Set.of("ID", "AllowedMethod", "AllowedOrigin", "AllowedHeader", "ExposeHeader", "MaxAgeSeconds");

    public record Rule(Optional<String> id, List<String> allowedMethods, List<String> allowedOrigins, List<String> allowedHeaders,
            List<String> exposeHeaders, OptionalInt maxAgeSeconds)
    {
        public Rule
        {
            requireNonNull(id, "id is null");
            allowedMethods = List.copyOf(allowedMethods);
            allowedOrigins = List.copyOf(allowedOrigins);
            allowedHeaders = List.copyOf(allowedHeaders);
            exposeHeaders = List.copyOf(exposeHeaders);
            requireNonNull(maxAgeSeconds, "maxAgeSeconds is null");
        }

        /** Whether the rule lets {@code origin} use {@code method}; for a preflight, with every one of {@code headers}. */
        public boolean allows(String origin, String method, List<String> headers)
        {
            return allowedMethods.contains(method)
                    && allowedOrigins.stream().anyMatch(allowed -> wildcard(allowed, origin, false))
                    && headers.stream().allMatch(header -> allowedHeaders.stream().anyMatch(allowed -> wildcard(allowed, header, true)));
        }

        /** Whether any origin may use the rule (an AllowedOrigin of {@code *}). */
        public boolean anyOrigin()
        {
            return allowedOrigins.contains("*");
        }
    }

    public CorsConfiguration
    {
        rules = List.copyOf(rules);
    }

    /** The first rule that allows the request, as S3 picks it. */
    public Optional<Rule> match(String origin, String method, List<String> headers)
    {
        return rules.stream().filter(rule -> rule.allows(origin, method, headers)).findFirst();
    }

    public static CorsConfiguration parse(InputStream body)
    {
        XmlElement root = S3XmlParser.parse(body, MAX_BYTES, 8 * 1024);
        if (!root.name().equals("CORSConfiguration")) {
            throw S3XmlParser.malformed();
        }
        List<Rule> rules = new ArrayList<>();
        for (XmlElement element : root.children()) {
            if (!element.name().equals("CORSRule")) {
                throw S3XmlParser.malformed();
            }
            rules.add(rule(element));
        }
        if (rules.isEmpty()) {
            throw S3XmlParser.malformed();
        }
        if (rules.size() > MAX_RULES) {
            throw S3ErrorCode.INVALID_REQUEST.exception("The number of CORS rules should not exceed allowed limit of " + MAX_RULES + " rules.");
        }
        return new CorsConfiguration(rules);
    }

    /** A configuration kept by {@link #toXml()}; it was checked when it was stored. */
    public static CorsConfiguration fromStored(String xml)
    {
        return parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Rule rule(XmlElement element)
    {
        for (XmlElement child : element.children()) {
            if (!RULE_ELEMENTS.contains(child.name())) {
                throw S3XmlParser.malformed();
            }
        }
        if (element.children("ID").size() > 1 || element.children("MaxAgeSeconds").size() > 1) {
            throw S3XmlParser.malformed();
        }
        Optional<String> id = element.childText("ID");
        if (id.isPresent() && id.get().length() > 255) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("ID length should not exceed allowed limit of 255");
        }
        List<String> methods = texts(element, "AllowedMethod");
        List<String> origins = texts(element, "AllowedOrigin");
        if (methods.isEmpty() || origins.isEmpty()) {
            throw S3XmlParser.malformed();
        }
        for (String method : methods) {
            if (!METHODS.contains(method)) {
                throw S3ErrorCode.INVALID_REQUEST.exception("Found unsupported HTTP method in CORS config. Unsupported method is " + method);
            }
        }
        for (String origin : origins) {
            if (wildcards(origin) > 1) {
                throw S3ErrorCode.INVALID_REQUEST.exception("AllowedOrigin \"" + origin + "\" can not have more than one wildcard.");
            }
        }
        List<String> headers = texts(element, "AllowedHeader");
        for (String header : headers) {
            if (wildcards(header) > 1) {
                throw S3ErrorCode.INVALID_REQUEST.exception("AllowedHeader \"" + header + "\" can not have more than one wildcard.");
            }
        }
        OptionalInt maxAge = OptionalInt.empty();
        Optional<String> maxAgeText = element.childText("MaxAgeSeconds");
        if (maxAgeText.isPresent()) {
            try {
                maxAge = OptionalInt.of(Integer.parseInt(maxAgeText.get().strip()));
            }
            catch (NumberFormatException e) {
                throw S3XmlParser.malformed();
            }
        }
        return new Rule(id, methods, origins, headers, texts(element, "ExposeHeader"), maxAge);
    }

    private static List<String> texts(XmlElement element, String name)
    {
        return element.children(name).stream().map(child -> child.text().strip()).toList();
    }

    private static long wildcards(String text)
    {
        return text.chars().filter(c -> c == '*').count();
    }

    /** Matches {@code value} against a pattern with one {@code *} at most; headers match without regard to case. */
    static boolean wildcard(String pattern, String value, boolean ignoreCase)
    {
        String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        int star = p.indexOf('*');
        if (star < 0) {
            return p.equals(v);
        }
        String prefix = p.substring(0, star);
        String suffix = p.substring(star + 1);
        return v.length() >= prefix.length() + suffix.length() && v.startsWith(prefix) && v.endsWith(suffix);
    }

    public String toXml()
    {
        return new String(XmlWriter.document(this::write), StandardCharsets.UTF_8);
    }

    public void write(XmlWriter xml)
    {
        xml.root("CORSConfiguration");
        for (Rule rule : rules) {
            xml.start("CORSRule");
            rule.id().ifPresent(id -> xml.element("ID", id));
            rule.allowedHeaders().forEach(header -> xml.element("AllowedHeader", header));
            rule.allowedMethods().forEach(method -> xml.element("AllowedMethod", method));
            rule.allowedOrigins().forEach(origin -> xml.element("AllowedOrigin", origin));
            rule.exposeHeaders().forEach(header -> xml.element("ExposeHeader", header));
            rule.maxAgeSeconds().ifPresent(age -> xml.element("MaxAgeSeconds", age));
            xml.end();
        }
        xml.end();
    }
}
