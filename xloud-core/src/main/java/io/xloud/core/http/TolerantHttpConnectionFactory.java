package io.xloud.core.http;

import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * HTTP/1 connections whose request targets reach the kernel even when Jetty's URI parser refuses them (a {@code %00}
 * escape, a {@code %} that starts no escape): the refused {@code %} is escaped ({@code %2500}) and the request
 * marked, so that the kernel answers 404 in the owning service's format (no id, account or key can hold those
 * bytes) instead of Jetty answering its HTML 400 before any handler runs. The mark keeps the altered name from
 * ever reaching a handler that would store it.
 */
final class TolerantHttpConnectionFactory
        extends HttpConnectionFactory
{
    TolerantHttpConnectionFactory(HttpConfiguration config)
    {
        super(config);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint)
    {
        HttpConnection connection = new TolerantConnection(getHttpConfiguration(), connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    /** Whether the request's target was altered because Jetty refuses it as sent. */
    static boolean targetAltered(org.eclipse.jetty.server.Request request)
    {
        return request.getConnectionMetaData().getConnection() instanceof TolerantConnection connection
                && connection.altered != null && connection.altered.equals(request.getHttpURI().getPathQuery());
    }

    /** The target as sent when Jetty accepts it, else with each refused {@code %} escaped. */
    static String tolerableTarget(String method, String target)
    {
        if (target.indexOf('%') < 0 || parses(method, target)) {
            return target;
        }
        StringBuilder escaped = new StringBuilder(target.length() + 16);
        int query = target.indexOf('?');
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%' && (query < 0 || i < query) && refused(target, i)) {
                escaped.append("%25");
            }
            else {
                escaped.append(c);
            }
        }
        String result = escaped.toString();
        return parses(method, result) ? result : target;
    }

    private static boolean refused(String target, int percent)
    {
        if (percent + 2 >= target.length()) {
            return true;
        }
        int high = Character.digit(target.charAt(percent + 1), 16);
        int low = Character.digit(target.charAt(percent + 2), 16);
        if (high < 0 || low < 0) {
            return true;
        }
        int value = high * 16 + low;
        return value < 0x20 || value == 0x7f;
    }

    private static boolean parses(String method, String target)
    {
        try {
            HttpURI.build(method, target);
            return true;
        }
        catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static final class TolerantConnection
            extends HttpConnection
    {
        // HTTP/1 serves one request of a connection at a time: the target of the request being served, if altered
        private volatile String altered;

        TolerantConnection(HttpConfiguration config, Connector connector, EndPoint endPoint)
        {
            super(config, connector, endPoint);
        }

        @Override
        protected HttpStreamOverHTTP1 newHttpStream(String method, String uri, HttpVersion version)
        {
            String target = tolerableTarget(method, uri);
            // compared with the request's path and query, which an absolute-form target ("http://host/...") also yields
            altered = target.equals(uri) ? null : HttpURI.build(method, target).getPathQuery();
            return super.newHttpStream(method, target, version);
        }
    }
}
