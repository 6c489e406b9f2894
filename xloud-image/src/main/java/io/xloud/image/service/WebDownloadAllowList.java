package io.xloud.image.service;

import io.xloud.core.error.ApiException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Which URLs web-download may fetch (setting {@code image.web_download_allowed_hosts}), Glance's
 * {@code import_filtering_opts} made safe by default. Only http and https. With no entries, any host on port 80 or
 * 443 whose addresses are all public: a loopback, private, link-local, unique-local or multicast address is refused,
 * so an import cannot reach services inside the cloud. With entries ({@code host} or {@code host:port}, IPv6 in
 * brackets), only the listed hosts, on the listed port or any port for a bare host; a listed host may be internal,
 * e.g. {@code 127.0.0.1} for a file server on the same machine. Every redirect hop is checked again.
 * <p>
 * A second list (setting {@code image.web_download_internal_hosts}) keeps the open default and only lets the listed
 * internal hosts through as well: any public host on 80 or 443, plus e.g. {@code 127.0.0.1:8080}.
 */
public final class WebDownloadAllowList
{
    private static final Pattern HOST = Pattern.compile("[a-z0-9._\\-:\\[\\]]+");

    private record Entry(String host, OptionalInt port) {}

    private final List<Entry> entries;
    private final List<Entry> internal;

    private WebDownloadAllowList(List<Entry> entries, List<Entry> internal)
    {
        this.entries = List.copyOf(entries);
        this.internal = List.copyOf(internal);
    }

    public static WebDownloadAllowList parse(String setting)
    {
        return parse(setting, "");
    }

    /** Parses the allow-list ({@code allowed}: only these) and the internal hosts let through besides public ones. */
    public static WebDownloadAllowList parse(String allowed, String internal)
    {
        return new WebDownloadAllowList(entries(allowed), entries(internal));
    }

    private static List<Entry> entries(String setting)
    {
        requireNonNull(setting, "setting is null");
        List<Entry> entries = new ArrayList<>();
        for (String raw : setting.split(",")) {
            String item = raw.strip().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) {
                continue;
            }
            if (!HOST.matcher(item).matches()) {
                throw new IllegalArgumentException("web-download host setting: not a host or host:port: " + raw);
            }
            entries.add(entry(item));
        }
        return entries;
    }

    private static Entry entry(String item)
    {
        if (item.startsWith("[")) {
            int close = item.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("web-download host setting: unclosed IPv6 address: " + item);
            }
            String host = item.substring(1, close);
            String rest = item.substring(close + 1);
            if (rest.isEmpty()) {
                return new Entry(host, OptionalInt.empty());
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("web-download host setting: not [address]:port: " + item);
            }
            return new Entry(host, OptionalInt.of(port(rest.substring(1), item)));
        }
        int colon = item.lastIndexOf(':');
        if (colon > 0 && item.indexOf(':') == colon) {
            return new Entry(item.substring(0, colon), OptionalInt.of(port(item.substring(colon + 1), item)));
        }
        // a bare IPv6 address (several colons) or a host name
        return new Entry(item, OptionalInt.empty());
    }

    private static int port(String value, String item)
    {
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("web-download host setting: bad port in " + item, e);
        }
    }

    public boolean restricted()
    {
        return !entries.isEmpty();
    }

    /**
     * Checks what the request itself shows (scheme, host, port, and a literal address or {@code localhost}); 400 as
     * Glance answers for a URI that does not pass filtering.
     */
    public URI check(String uri)
    {
        URI parsed = parseUri(uri);
        if (!entries.isEmpty() || listed(internal, parsed)) {
            return parsed;
        }
        String host = host(parsed);
        if (host.equals("localhost") || host.endsWith(".localhost") || isAddressLiteral(host)) {
            try {
                checkAddresses(parsed, InetAddress.getAllByName(host));
            }
            catch (UnknownHostException e) {
                throw refused(uri);
            }
        }
        return parsed;
    }

    /**
     * The check before each connection (the first and every redirect): the URL passes {@link #check}, and unless
     * its host is listed, every address the name resolves to is public.
     */
    public URI checkBeforeConnect(String uri)
            throws UnknownHostException
    {
        URI parsed = parseUri(uri);
        if (entries.isEmpty() && !listed(internal, parsed)) {
            checkAddresses(parsed, InetAddress.getAllByName(host(parsed)));
        }
        return parsed;
    }

    private URI parseUri(String uri)
    {
        if (uri == null || uri.isBlank() || uri.length() > 2048) {
            throw refused(String.valueOf(uri));
        }
        URI parsed;
        try {
            parsed = new URI(uri.strip());
        }
        catch (java.net.URISyntaxException e) {
            throw refused(uri);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused(uri);
        }
        if (parsed.getHost() == null || parsed.getRawUserInfo() != null) {
            throw refused(uri);
        }
        int port = port(parsed);
        String host = host(parsed);
        if (entries.isEmpty()) {
            if (port != 80 && port != 443 && !listed(internal, parsed)) {
                throw refused(uri);
            }
            return parsed;
        }
        if (listed(entries, parsed)) {
            return parsed;
        }
        throw refused(uri);
    }

    private static boolean listed(List<Entry> list, URI parsed)
    {
        String host = host(parsed);
        int port = port(parsed);
        for (Entry entry : list) {
            if (entry.host().equals(host) && (entry.port().isEmpty() || entry.port().getAsInt() == port)) {
                return true;
            }
        }
        return false;
    }

    private static void checkAddresses(URI uri, InetAddress[] addresses)
    {
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                throw refused(uri.toString());
            }
        }
    }

    static boolean isInternal(InetAddress address)
    {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            // fc00::/7 unique local
            return (bytes[0] & 0xfe) == 0xfc;
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        // 0.0.0.0/8, 100.64.0.0/10 (shared), 169.254.0.0/16 (metadata services), 198.18.0.0/15 (benchmarks)
        return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 169 && second == 254)
                || (first == 198 && (second == 18 || second == 19));
    }

    private static boolean isAddressLiteral(String host)
    {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static String host(URI uri)
    {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }

    private static int port(URI uri)
    {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static ApiException refused(String uri)
    {
        String shown = uri.length() > 200 ? uri.substring(0, 200) + "..." : uri;
        return ApiException.badRequest("URI for web-download does not pass filtering: " + shown);
    }
}
