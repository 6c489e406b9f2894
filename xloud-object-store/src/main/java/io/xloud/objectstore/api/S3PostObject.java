package io.xloud.objectstore.api;

import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.objectstore.s3.PostPolicy;
import io.xloud.objectstore.s3.S3ErrorCode;
import io.xloud.objectstore.s3.S3Secret;
import io.xloud.objectstore.s3.SignatureV2Verifier;
import io.xloud.objectstore.s3.SignatureV4;
import io.xloud.objectstore.s3.SignatureV4Verifier;
import io.xloud.objectstore.service.ObjectPath;
import io.xloud.objectstore.service.ObjectService;
import io.xloud.objectstore.service.ObjectWrite;
import io.xloud.objectstore.service.PutResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.xloud.objectstore.api.S3Api.quoted;
import static io.xloud.objectstore.api.S3Api.xml;

/**
 * Browser POST uploads: a multipart/form-data POST to the bucket whose fields (key, policy, x-amz-credential,
 * x-amz-date, x-amz-algorithm, x-amz-signature, ...) come before the file. The fields are read and the policy's
 * signature, expiry and conditions checked when the request authenticates; the file then streams from the
 * request into the engine, and the form's last boundary must arrive before the object is committed.
 */
final class S3PostObject
{
    /** The largest field, the policy included. */
    private static final int MAX_FIELD_BYTES = 64 * 1024;
    private static final int MAX_FIELDS = 100;
    /** What the form may carry around the file: its fields and boundaries. */
    private static final long MAX_FORM_OVERHEAD = 1024 * 1024;

    /** A form whose policy checked out, positioned at the start of its file. */
    record Form(Map<String, String> fields, S3Secret secret, PostPolicy policy, MultipartReader reader, MultipartReader.Part file) {}

    private final ObjectService service;

    S3PostObject(ObjectService service)
    {
        this.service = service;
    }

    /** Whether a request is a browser upload: a form POSTed to a bucket without SigV4 in its headers or query. */
    static boolean applies(Exchange exchange, String pathPrefix)
    {
        if (!exchange.method().equals("POST") || exchange.header("Authorization").isPresent() || exchange.hasQuery("X-Amz-Algorithm")
                || exchange.hasQuery("X-Amz-Credential") || exchange.hasQuery("delete")) {
            return false;
        }
        if (!exchange.header("Content-Type").orElse("").strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return false;
        }
        S3Request request = S3Request.of(exchange, pathPrefix);
        return request.hasBucket() && !request.hasKey();
    }

    /** Reads the fields up to the file and checks the policy against them; the caller is the credential's user. */
    static Form authenticate(Exchange exchange, String pathPrefix, SignatureV4Verifier verifier, SignatureV2Verifier verifierV2, Clock clock)
    {
        String boundary = MultipartReader.boundary(exchange.header("Content-Type").orElse(""))
                .orElseThrow(() -> malformed("The body of your POST request is not well-formed multipart/form-data."));
        MultipartReader reader = new MultipartReader(exchange.bodyStream(S3ObjectResource.MAX_PUT_SIZE + MAX_FORM_OVERHEAD), boundary);
        Map<String, String> fields = new LinkedHashMap<>();
        MultipartReader.Part file = null;
        try {
            Optional<MultipartReader.Part> part;
            while ((part = reader.next()).isPresent()) {
                String name = part.get().name().orElse("").toLowerCase(Locale.ROOT);
                if (name.equals("file")) {
                    file = part.get();
                    break;
                }
                if (fields.size() >= MAX_FIELDS) {
                    throw malformed("Your POST request has too many fields.");
                }
                byte[] value = reader.content().readNBytes(MAX_FIELD_BYTES + 1);
                if (value.length > MAX_FIELD_BYTES) {
                    throw malformed("Your POST request has a field over " + MAX_FIELD_BYTES + " bytes.");
                }
                fields.put(name, new String(value, StandardCharsets.UTF_8));
            }
        }
        catch (IOException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw malformed("The body of your POST request is not well-formed multipart/form-data.");
        }
        if (file == null) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("POST requires exactly one file upload per request.");
        }
        // Signature Version 2 names its access key in AWSAccessKeyId and signs the policy with HMAC-SHA1
        boolean signatureV2 = fields.containsKey("awsaccesskeyid");
        String[] required = signatureV2 ? new String[] {"policy", "signature"}
                : new String[] {"policy", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature"};
        for (String name : required) {
            if (!fields.containsKey(name)) {
                throw S3ErrorCode.INVALID_ARGUMENT.exception("Bucket POST must contain a field named '" + name + "'.");
            }
        }
        if (!fields.containsKey("key")) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.");
        }
        S3Secret secret = signatureV2
                ? verifierV2.verifyPostPolicy(fields.get("awsaccesskeyid"), fields.get("policy"), fields.get("signature"))
                : verifier.verifyPostPolicy(fields.get("x-amz-algorithm").strip(), fields.get("x-amz-credential").strip(),
                        fields.get("x-amz-date").strip(), fields.get("policy"), fields.get("x-amz-signature"));
        PostPolicy policy = PostPolicy.parse(fields.get("policy"));
        policy.check(fields, S3Request.of(exchange, pathPrefix).bucket(), clock.instant());
        return new Form(Map.copyOf(fields), secret, policy, reader, file);
    }

    /** POST /{bucket}: stores the file under the form's key and answers as success_action_redirect or _status ask. */
    void post(S3Request request, Form form)
            throws IOException
    {
        S3Api.requireBucket(service, request);
        Map<String, String> fields = form.fields();
        S3Api.refuseUnsupportedWrite(fields::containsKey, true);
        String filename = form.file().filename().orElse("");
        String key = fields.get("key").replace("${filename}", filename);
        if (key.isEmpty()) {
            throw S3ErrorCode.INVALID_ARGUMENT.exception("User key must have a length greater than 0.");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > S3Request.MAX_KEY_BYTES) {
            throw S3ErrorCode.KEY_TOO_LONG.exception("Your key is too long");
        }
        Map<String, String> acl = S3Api.newObjectAcl(service, request,
                name -> Optional.ofNullable(fields.get(name.equals("x-amz-acl") ? "acl" : name)).filter(value -> !value.isBlank()));
        Map<String, String> metadata = new HashMap<>();
        Map<String, String> headers = new HashMap<>();
        fields.forEach((name, value) -> {
            if (name.startsWith("x-amz-meta-") && name.length() > "x-amz-meta-".length()) {
                metadata.put(name.substring("x-amz-meta-".length()), value.strip());
            }
            else if (S3ObjectResource.STORED_HEADERS.contains(name) && !value.isBlank()) {
                headers.put(name, value.strip());
            }
        });
        String contentType = Optional.ofNullable(fields.get("content-type")).map(String::strip).filter(type -> !type.isEmpty())
                .orElse(S3ObjectResource.DEFAULT_CONTENT_TYPE);
        PostPolicy policy = form.policy();
        MultipartReader reader = form.reader();
        ObjectWrite write = ObjectWrite.builder(contentType)
                .sysmeta(acl)
                .metadata(metadata)
                .headers(headers)
                .maxSize(Math.min(S3ObjectResource.MAX_PUT_SIZE, policy.maxLength()))
                .check(written -> {
                    if (!reader.contentComplete()) {
                        throw S3ErrorCode.INCOMPLETE_BODY.exception("The body of your POST request ended inside the file.");
                    }
                    if (written.size() < policy.minLength()) {
                        throw S3ErrorCode.ENTITY_TOO_SMALL.exception("Your proposed upload is smaller than the minimum allowed size");
                    }
                })
                .build();
        PutResult result;
        try (InputStream content = reader.content()) {
            result = service.putObject(new ObjectPath(request.account(), request.bucket(), key), content, write);
        }
        // what follows the file is ignored, as S3 ignores it
        drain(reader);
        String etag = quoted(result.object().etag());
        Exchange exchange = request.exchange();
        String location = location(request, key);
        exchange.header("ETag", etag);
        exchange.header("Location", location);
        String redirect = Optional.ofNullable(fields.get("success_action_redirect")).or(() -> Optional.ofNullable(fields.get("redirect")))
                .map(String::strip).orElse("");
        if (redirect.startsWith("http://") || redirect.startsWith("https://")) {
            String target = redirect + (redirect.contains("?") ? "&" : "?") + "bucket=" + form(request.bucket()) + "&key=" + form(key)
                    + "&etag=" + form(etag);
            exchange.header("Location", target);
            exchange.respond(303, null, null);
            return;
        }
        String status = Optional.ofNullable(fields.get("success_action_status")).map(String::strip).orElse("204");
        switch (status) {
            case "200" -> exchange.respond(200, null, null);
            case "201" -> xml(exchange, 201, xml -> {
                xml.root("PostResponse");
                xml.element("Location", location);
                xml.element("Bucket", request.bucket());
                xml.element("Key", key);
                xml.element("ETag", etag);
            });
            default -> exchange.noContent();
        }
    }

    private static void drain(MultipartReader reader)
    {
        try {
            while (reader.next().isPresent()) {
                reader.content().transferTo(OutputStream.nullOutputStream());
            }
        }
        catch (IOException e) {
            // the object is stored; trailing garbage changes nothing
        }
    }

    /** The object's URL, as the client addressed the bucket. */
    private static String location(S3Request request, String key)
    {
        String path = S3Request.clientPath(request.exchange());
        if (!path.endsWith("/")) {
            path += "/";
        }
        String host = request.header("Host").orElse("localhost");
        return "http://" + host + path + SignatureV4.uriEncode(key.getBytes(StandardCharsets.UTF_8), true);
    }

    private static String form(String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static ApiException malformed(String message)
    {
        return S3ErrorCode.MALFORMED_POST_REQUEST.exception(message);
    }
}
