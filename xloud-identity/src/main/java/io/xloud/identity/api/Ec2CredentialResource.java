package io.xloud.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xloud.core.auth.AuthContext;
import io.xloud.core.http.Exchange;
import io.xloud.core.http.Router;
import io.xloud.core.http.TargetResolver;
import io.xloud.core.json.Json;
import io.xloud.core.json.JsonSchemas;
import io.xloud.core.json.RequestSchema;
import io.xloud.identity.service.Credential;
import io.xloud.identity.service.CredentialService;
import io.xloud.identity.service.Ec2Credentials;
import io.xloud.identity.service.Ids;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.xloud.identity.api.IdentityApi.V3;

/**
 * /v3/users/{user_id}/credentials/OS-EC2: EC2 (S3) key pairs of a user for a project, addressed by access key.
 * They are rows of the credentials table, the same ones /v3/credentials shows with type "ec2".
 */
public final class Ec2CredentialResource
{
    // the body is not wrapped in a "credential" object
    private static final RequestSchema CREATE = JsonSchemas.of("""
            {"type": "object", "required": ["tenant_id"], "properties": {
              "tenant_id": {"type": "string", "minLength": 1, "maxLength": 64}}}
            """);

    private final IdentityApi api;
    private final TargetResolver userTarget;

    public Ec2CredentialResource(IdentityApi api)
    {
        this.api = api;
        this.userTarget = api.userTarget();
    }

    public void routes(Router.Builder r)
    {
        String collection = V3 + "/users/{user_id}/credentials/OS-EC2";
        r.route("POST", collection, "identity:ec2_create_credential", this::createTarget, this::create);
        r.route("GET", collection, "identity:ec2_list_credentials", userTarget, this::list);
        r.route("GET", collection + "/{credential_id}", "identity:ec2_get_credential", this::target, this::get);
        r.route("DELETE", collection + "/{credential_id}", "identity:ec2_delete_credential", this::target, this::delete);
    }

    /** Keystone's EC2 view of a credential row: the blob's key pair beside the owner and the project (as tenant_id). */
    public static ObjectNode view(IdentityApi api, Credential credential)
    {
        ObjectNode blob = Ec2Credentials.parseBlob(credential.blob()).orElse(Json.object());
        String access = Ec2Credentials.text(blob, "access");
        ObjectNode view = Json.object();
        view.put("user_id", credential.userId());
        view.put("tenant_id", credential.projectId().orElse(null));
        view.put("access", access);
        view.put("secret", Ec2Credentials.text(blob, "secret"));
        view.put("trust_id", Ec2Credentials.text(blob, "trust_id"));
        view.set("links", api.links("/users/" + credential.userId() + "/credentials/OS-EC2/" + access));
        return view;
    }

    private Map<String, Object> createTarget(Exchange exchange)
    {
        Map<String, Object> target = new HashMap<>(userTarget.resolve(exchange));
        target.put("target.credential.user_id", exchange.path("user_id"));
        return target;
    }

    private Map<String, Object> target(Exchange exchange)
    {
        Map<String, Object> target = new HashMap<>(userTarget.resolve(exchange));
        String userId = exchange.path("user_id");
        Credential credential = credentials().ec2Credential(userId, exchange.path("credential_id"));
        CredentialVisibility.requireVisible(exchange.auth(), credential.userId(), () -> CredentialService.notFound(credential.id()));
        target.put("target.credential.user_id", credential.userId());
        return target;
    }

    private void create(Exchange exchange)
    {
        AuthContext auth = exchange.auth();
        String userId = exchange.path("user_id");
        String projectId = exchange.readJson(CREATE).path("tenant_id").asText();
        String access = Ids.randomHex(16);
        ObjectNode blob = Json.object();
        blob.put("access", access);
        blob.put("secret", Ids.randomHex(16));
        // a key pair made with a trust-scoped token keeps to the trust when it is used
        blob.put("trust_id", auth.trustId().orElse(null));
        // and one made with an application credential's token keeps to its roles and access rules
        auth.applicationCredentialId().ifPresent(id -> blob.put("app_cred_id", id));
        Credential credential = new Credential(Ec2Credentials.credentialId(access), userId, Optional.of(projectId), Credential.EC2,
                Json.string(blob), Map.of());
        credentials().createEc2(credential);
        exchange.json(201, Map.of("credential", view(api, credential)));
    }

    private void list(Exchange exchange)
    {
        String userId = exchange.path("user_id");
        List<ObjectNode> views = credentials().ec2CredentialsOfUser(userId).stream()
                .map(credential -> view(api, credential))
                .toList();
        exchange.json(200, api.list(exchange, "credentials", views));
    }

    private void get(Exchange exchange)
    {
        String userId = exchange.path("user_id");
        Credential credential = credentials().ec2Credential(userId, exchange.path("credential_id"));
        exchange.json(200, Map.of("credential", view(api, credential)));
    }

    private void delete(Exchange exchange)
    {
        String userId = exchange.path("user_id");
        String access = exchange.path("credential_id");
        credentials().deleteEc2(userId, access);
        exchange.noContent();
    }

    private CredentialService credentials()
    {
        return api.credentials();
    }
}
