package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.objectstore.service.AccountInfo;
import io.xloud.objectstore.service.ContainerInfo;
import io.xloud.objectstore.service.Listing;
import io.xloud.objectstore.service.MetadataUpdate;
import io.xloud.objectstore.service.ObjectErrorCode;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.xloud.objectstore.api.SwiftApi.authorizeAccount;
import static io.xloud.objectstore.api.SwiftApi.owner;

/**
 * /v1/AUTH_{project}: GET (list containers), HEAD, POST (account metadata, reseller-only quota), and the
 * bulk middleware's account requests (POST/DELETE ?bulk-delete, PUT ?extract-archive).
 */
final class AccountResource
{
    static final String ACCOUNT = SwiftModule.V1 + "/{account}";

    private final SwiftApi api;
    private final BulkResource bulk;

    AccountResource(SwiftApi api, BulkResource bulk)
    {
        this.api = api;
        this.bulk = bulk;
    }

    void routes(Router.Builder r)
    {
        r.optionalTokenRoute("GET", ACCOUNT, SwiftPolicies.GET_ACCOUNT, SwiftApi::target, this::get);
        r.optionalTokenRoute("HEAD", ACCOUNT, SwiftPolicies.HEAD_ACCOUNT, SwiftApi::target, this::get);
        r.optionalTokenRoute("POST", ACCOUNT, SwiftPolicies.POST_ACCOUNT, SwiftApi::target, this::post);
        r.optionalTokenRoute("PUT", ACCOUNT, SwiftPolicies.EXTRACT_ARCHIVE, SwiftApi::target, this::put);
        r.optionalTokenRoute("DELETE", ACCOUNT, SwiftPolicies.BULK_DELETE, SwiftApi::target, this::delete);
    }

    private void get(Exchange exchange)
    {
        SwiftPath path = SwiftPath.parse(exchange.rawPath());
        boolean head = exchange.method().equals("HEAD");
        authorizeAccount(exchange, path, head ? SwiftPolicies.HEAD_ACCOUNT : SwiftPolicies.GET_ACCOUNT);
        SwiftHeaders.checkAccountName(path.account());
        AccountInfo account = api.objects().account(path.project());
        // privileged headers are for those who could change them (Swift's swift_owner), not for readers
        headers(exchange, account, owner(exchange, path, SwiftPolicies.POST_ACCOUNT));
        if (head) {
            exchange.header("Content-Type", "text/plain; charset=utf-8");
            exchange.noContent();
            return;
        }
        SwiftListings.Format format = SwiftListings.format(exchange);
        Listing<ContainerInfo> listing = api.objects().listContainers(path.project(), SwiftListings.query(exchange, false));
        if (listing.entries().isEmpty() && format == SwiftListings.Format.PLAIN) {
            exchange.header("Content-Type", format.contentType);
            exchange.noContent();
            return;
        }
        exchange.respond(200, format.contentType, SwiftListings.accountBody(path.account(), listing, format));
    }

    private void post(Exchange exchange)
    {
        if (exchange.hasQuery("bulk-delete")) {
            bulk.delete(exchange);
            return;
        }
        SwiftPath path = SwiftPath.parse(exchange.rawPath());
        // as TempAuth does, an ACL that does not parse is refused before anything else
        Optional<AccountAcl> acl = exchange.header(AccountAcl.HEADER).map(AccountResource::parseAcl);
        authorizeAccount(exchange, path, SwiftPolicies.POST_ACCOUNT);
        SwiftHeaders.checkAccountName(path.account());
        SwiftHeaders.checkMetadata(exchange, SwiftHeaders.ACCOUNT_META);
        Map<String, String> values = SwiftHeaders.metadata(exchange, SwiftHeaders.ACCOUNT_META);
        Set<String> removals = new LinkedHashSet<>(SwiftHeaders.removals(exchange, SwiftHeaders.ACCOUNT_META));
        if (values.containsKey(AccountInfo.QUOTA_BYTES) || removals.contains(AccountInfo.QUOTA_BYTES)) {
            // only a reseller admin sets an account's quota, never its owner
            if (!owner(exchange, path, SwiftPolicies.SET_ACCOUNT_QUOTA)) {
                throw SwiftApi.denied(exchange);
            }
            String quota = values.get(AccountInfo.QUOTA_BYTES);
            if (quota != null && !quota.isEmpty() && !quota.matches("\\d+")) {
                throw new ApiException(ObjectErrorCode.BAD_REQUEST, "Invalid bytes quota.");
            }
        }
        Map<String, String> set = new HashMap<>();
        values.forEach((key, value) -> {
            if (value.isEmpty()) {
                removals.add(key);
            }
            else {
                set.put(key, value);
            }
        });
        MetadataUpdate sysmeta = MetadataUpdate.none();
        if (acl.isPresent()) {
            if (!exchange.allowed(SwiftPolicies.POST_ACCOUNT, SwiftApi.target(path.project()))) {
                // an ACL admin manages the other lists; who is admin is the owner's (or a reseller's) choice
                AccountAcl current = AccountAcl.stored(Optional.ofNullable(api.objects().account(path.project()).sysmeta().get(AccountAcl.SYSMETA)));
                if (!acl.get().admin().equals(current.admin())) {
                    throw SwiftApi.denied(exchange);
                }
            }
            sysmeta = acl.get().isEmpty()
                    ? new MetadataUpdate(Map.of(), Set.of(AccountAcl.SYSMETA))
                    : MetadataUpdate.set(Map.of(AccountAcl.SYSMETA, acl.get().format()));
        }
        AccountInfo account = api.objects().updateAccountMetadata(path.project(), new MetadataUpdate(set, removals), sysmeta);
        headers(exchange, account, true);
        exchange.header("Content-Type", SwiftApi.TEXT_HTML);
        exchange.noContent();
    }

    private void put(Exchange exchange)
            throws Exception
    {
        if (exchange.hasQuery("extract-archive")) {
            bulk.extract(exchange);
            return;
        }
        throw new ApiException(ObjectErrorCode.METHOD_NOT_ALLOWED, SwiftErrorDialect.explanation(405));
    }

    private void delete(Exchange exchange)
    {
        if (exchange.hasQuery("bulk-delete")) {
            bulk.delete(exchange);
            return;
        }
        throw new ApiException(ObjectErrorCode.METHOD_NOT_ALLOWED, SwiftErrorDialect.explanation(405));
    }

    private static AccountAcl parseAcl(String value)
    {
        return switch (AccountAcl.parse(value.strip())) {
            case AccountAcl.Parsed.Valid valid -> valid.acl();
            case AccountAcl.Parsed.Invalid invalid -> throw new ApiException(ObjectErrorCode.BAD_REQUEST,
                    AccountAcl.HEADER + " invalid: " + invalid.error() + "\n\nInput: " + value + "\n");
        };
    }

    /** The account's headers; its ACL and the keys that sign its URLs are shown to owners only. */
    static void headers(Exchange exchange, AccountInfo account, boolean owner)
    {
        long created = account.used() ? account.createdAt() : System.currentTimeMillis() * 1000;
        exchange.header("X-Account-Container-Count", Long.toString(account.containerCount()));
        exchange.header("X-Account-Object-Count", Long.toString(account.objectCount()));
        exchange.header("X-Account-Bytes-Used", Long.toString(account.bytesUsed()));
        exchange.header("X-Timestamp", SwiftHeaders.timestamp(created));
        exchange.header("X-Put-Timestamp", SwiftHeaders.timestamp(account.used() ? account.updatedAt() : created));
        if (account.containerCount() > 0) {
            String policy = "X-Account-Storage-Policy-" + SwiftApi.DEFAULT_POLICY;
            exchange.header(policy + "-Container-Count", Long.toString(account.containerCount()));
            exchange.header(policy + "-Object-Count", Long.toString(account.objectCount()));
            exchange.header(policy + "-Bytes-Used", Long.toString(account.bytesUsed()));
        }
        Map<String, String> metadata = new HashMap<>(account.metadata());
        if (owner) {
            Optional.ofNullable(account.sysmeta().get(AccountAcl.SYSMETA))
                    .ifPresent(value -> exchange.header(AccountAcl.HEADER, AccountAcl.stored(Optional.of(value)).format()));
        }
        else {
            metadata.remove("temp-url-key");
            metadata.remove("temp-url-key-2");
        }
        SwiftHeaders.putMetadata(exchange, SwiftHeaders.ACCOUNT_META, metadata);
        exchange.header("Accept-Ranges", "bytes");
    }
}
