package io.xloud.image.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xloud.core.error.ApiException;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.http.TargetResolver;
import io.xloud.image.service.ImageErrorCode;
import io.xloud.image.service.ImageMember;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.xloud.image.api.ImageModule.V2;
import static java.util.Objects.requireNonNull;

/** /v2/images/{image_id}/members: sharing an image with other projects, and their answers. */
public final class MemberResource
{
    private final ImageApi api;

    public MemberResource(ImageApi api)
    {
        this.api = requireNonNull(api, "api is null");
    }

    public void routes(Router.Builder r)
    {
        TargetResolver image = api.imageTarget();
        // modify_member is checked against the membership named in the path: only that project may answer
        TargetResolver membership = exchange -> {
            Map<String, Object> target = new LinkedHashMap<>(image.resolve(exchange));
            target.put("member_id", exchange.path("member_id"));
            return target;
        };
        String members = V2 + "/images/{image_id}/members";
        r.route("GET", members, ImagePolicies.GET_MEMBERS, image, this::list);
        r.route("POST", members, ImagePolicies.ADD_MEMBER, image, this::add);
        r.route("GET", members + "/{member_id}", ImagePolicies.GET_MEMBER, image, this::show);
        r.route("PUT", members + "/{member_id}", ImagePolicies.MODIFY_MEMBER, membership, this::update);
        r.route("DELETE", members + "/{member_id}", ImagePolicies.DELETE_MEMBER, image, this::delete);
    }

    private void list(Exchange exchange)
    {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("members", api.members().list(exchange.auth(), exchange.path("image_id")).stream().map(ImageView::of).toList());
        body.put("schema", "/v2/schemas/members");
        exchange.json(200, body);
    }

    private void add(Exchange exchange)
    {
        JsonNode member = exchange.readJson().get("member");
        if (member == null || !member.isTextual()) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Member to be added not specified");
        }
        ImageMember added = api.members().add(exchange.auth(), exchange.path("image_id"), member.asText());
        exchange.json(200, ImageView.of(added));
    }

    private void show(Exchange exchange)
    {
        exchange.json(200, ImageView.of(api.members().show(exchange.auth(), exchange.path("image_id"), exchange.path("member_id"))));
    }

    private void update(Exchange exchange)
    {
        JsonNode status = exchange.readJson().get("status");
        if (status == null || !status.isTextual()) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Status not specified");
        }
        ImageMember updated = api.members().update(exchange.auth(), exchange.path("image_id"), exchange.path("member_id"), status.asText());
        exchange.json(200, ImageView.of(updated));
    }

    private void delete(Exchange exchange)
    {
        api.members().delete(exchange.auth(), exchange.path("image_id"), exchange.path("member_id"));
        exchange.noContent();
    }
}
