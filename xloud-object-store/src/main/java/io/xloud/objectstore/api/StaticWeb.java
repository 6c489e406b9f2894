package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.ListEntry;
import io.xloud.objectstore.service.ListQuery;
import io.xloud.objectstore.service.Listing;
import io.xloud.objectstore.service.ObjectErrorCode;
import io.xloud.objectstore.service.ObjectInfo;
import io.xloud.objectstore.service.ObjectPath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Swift's static web: for anonymous requests (or any with {@code X-Web-Mode: true}) a container with
 * {@code X-Container-Meta-Web-Index} serves that object for the container and its pseudo-directories,
 * {@code Web-Listings: true} serves HTML listings (styled by {@code Web-Listings-CSS}), and
 * {@code Web-Error} names the page served with a 404 ({@code 404<web-error>}).
 */
final class StaticWeb
{
    private final SwiftApi api;
    private ObjectResource objects;

    StaticWeb(SwiftApi api)
    {
        this.api = api;
    }

    void bind(ObjectResource objects)
    {
        this.objects = objects;
    }

    boolean applies(Exchange exchange, Optional<ContainerInfo> container)
    {
        if (container.isEmpty()) {
            return false;
        }
        boolean webMode = SwiftApi.anonymous(exchange) || SwiftHeaders.isTrue(exchange.header("X-Web-Mode"));
        if (!webMode) {
            return false;
        }
        var metadata = container.get().metadata();
        return metadata.containsKey("web-index") || SwiftHeaders.isTrue(Optional.ofNullable(metadata.get("web-listings")))
                || metadata.containsKey("web-error");
    }

    /** GET of the container itself: its index page, or its listing. */
    void container(Exchange exchange, SwiftPath path, ContainerInfo container)
            throws IOException
    {
        directory(exchange, path, container, "");
    }

    /** GET of an object that is not there: a pseudo-directory's index or listing, or the error page. */
    void missingObject(Exchange exchange, SwiftPath path, ContainerInfo container)
            throws IOException
    {
        String name = path.object().orElseThrow();
        if (name.endsWith("/") || hasChildren(path, name + "/")) {
            directory(exchange, path, container, name.endsWith("/") ? name : name + "/");
            return;
        }
        error(exchange, path, container, 404);
    }

    private boolean hasChildren(SwiftPath path, String prefix)
    {
        return !api.objects().listObjects(path.project(), path.containerName(), ListQuery.prefix(prefix, 1)).entries().isEmpty();
    }

    private void directory(Exchange exchange, SwiftPath path, ContainerInfo container, String prefix)
            throws IOException
    {
        String index = container.metadata().get("web-index");
        if (index != null) {
            Optional<ObjectInfo> page = api.objects().object(new ObjectPath(path.project(), path.containerName(), prefix + index));
            if (page.isPresent()) {
                objects.serve(exchange, path.withObject(path.containerName(), prefix + index), page.get(), false, false, false);
                return;
            }
        }
        if (!SwiftHeaders.isTrue(Optional.ofNullable(container.metadata().get("web-listings")))) {
            error(exchange, path, container, 404);
            return;
        }
        if (!SwiftApi.owner(exchange, path, SwiftPolicies.GET_CONTAINER)
                && !SwiftApi.aclAllows(exchange, SwiftApi.Access.READ, Optional.of(container), true)) {
            throw SwiftApi.denied(exchange);
        }
        ListQuery query = new ListQuery(Optional.of(prefix), Optional.of("/"), Optional.empty(), Optional.empty(), 10_000, false);
        Listing<ObjectInfo> listing = api.objects().listObjects(path.project(), path.containerName(), query);
        if (listing.entries().isEmpty() && !prefix.isEmpty()) {
            error(exchange, path, container, 404);
            return;
        }
        exchange.respond(200, "text/html; charset=UTF-8", html(path, container, prefix, listing).getBytes(StandardCharsets.UTF_8));
    }

    private String html(SwiftPath path, ContainerInfo container, String prefix, Listing<ObjectInfo> listing)
    {
        String title = SwiftListings.xmlEscape("Listing of /v1/" + path.account() + "/" + path.containerName() + "/" + prefix);
        StringBuilder html = new StringBuilder("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" "
                + "\"http://www.w3.org/TR/html4/loose.dtd\">\n<html>\n <head>\n  <title>" + title + "</title>\n");
        String css = container.metadata().get("web-listings-css");
        if (css != null) {
            String href = css.contains("://") || css.startsWith("/") ? css : "../".repeat((int) prefix.chars().filter(c -> c == '/').count()) + css;
            html.append("  <link rel=\"stylesheet\" type=\"text/css\" href=\"").append(SwiftPath.quote(href)).append("\" />\n");
        }
        else {
            html.append("  <style type=\"text/css\">\n   h1 {font-size: 1em; font-weight: bold;}\n   th {text-align: left; padding: 0px 1em 0px 1em;}\n"
                    + "   td {padding: 0px 1em 0px 1em;}\n   a {text-decoration: none;}\n  </style>\n");
        }
        html.append(" </head>\n <body>\n  <h1 id=\"title\">").append(title).append("</h1>\n  <table id=\"listing\">\n")
                .append("   <tr id=\"heading\">\n    <th class=\"colname\">Name</th>\n    <th class=\"colsize\">Size</th>\n"
                        + "    <th class=\"coldate\">Date</th>\n   </tr>\n");
        if (!prefix.isEmpty()) {
            html.append("   <tr id=\"parent\" class=\"item\">\n    <td class=\"colname\"><a href=\"../\">../</a></td>\n"
                    + "    <td class=\"colsize\">&nbsp;</td>\n    <td class=\"coldate\">&nbsp;</td>\n   </tr>\n");
        }
        for (ListEntry<ObjectInfo> entry : listing.entries()) {
            String relative = entry.name().substring(prefix.length());
            String link = SwiftListings.xmlEscape(SwiftPath.quote(relative));
            String text = SwiftListings.xmlEscape(relative);
            switch (entry) {
                case ListEntry.Subdir<ObjectInfo> ignored -> html.append("   <tr class=\"item subdir\">\n    <td class=\"colname\"><a href=\"")
                        .append(link).append("\">").append(text).append("</a></td>\n    <td class=\"colsize\">&nbsp;</td>\n"
                                + "    <td class=\"coldate\">&nbsp;</td>\n   </tr>\n");
                case ListEntry.Item<ObjectInfo> item -> html.append("   <tr class=\"item\">\n    <td class=\"colname\"><a href=\"")
                        .append(link).append("\">").append(text).append("</a></td>\n    <td class=\"colsize\">")
                        .append(SwiftListings.listedSize(item.value())).append("</td>\n    <td class=\"coldate\">")
                        .append(SwiftHeaders.listingDate(item.value().lastModified()).replace('T', ' ').substring(0, 19))
                        .append("</td>\n   </tr>\n");
            }
        }
        return html.append("  </table>\n </body>\n</html>\n").toString();
    }

    private void error(Exchange exchange, SwiftPath path, ContainerInfo container, int status)
            throws IOException
    {
        String page = container.metadata().get("web-error");
        if (page != null) {
            Optional<ObjectInfo> object = api.objects().object(new ObjectPath(path.project(), path.containerName(), status + page));
            if (object.isPresent()) {
                try (var in = api.objects().open(object.get(), 0, object.get().size())) {
                    exchange.stream(status, object.get().contentType(), object.get().size(), in::transferTo);
                }
                return;
            }
        }
        throw new ApiException(ObjectErrorCode.NO_SUCH_OBJECT, SwiftErrorDialect.explanation(404));
    }
}
