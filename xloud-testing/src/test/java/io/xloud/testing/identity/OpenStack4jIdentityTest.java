package io.xloud.testing.identity;

import io.xloud.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Group;
import org.openstack4j.model.identity.v3.Project;
import org.openstack4j.model.identity.v3.Role;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.model.identity.v3.User;
import org.openstack4j.openstack.OSFactory;

import static io.xloud.testing.identity.IdentityResourcesTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** The identity flow through openstack4j, an unmodified OpenStack client. */
class OpenStack4jIdentityTest
{
    private static TestServer server;

    @BeforeAll
    static void start()
    {
        server = TestServer.start();
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    private static OSClient.OSClientV3 login(String user, String password, String project)
    {
        return OSFactory.builderV3()
                .endpoint(server.identityUrl())
                .credentials(user, password, Identifier.byName("Default"))
                .scopeToProject(Identifier.byName(project), Identifier.byName("Default"))
                .authenticate();
    }

    @Test
    void adminCreatesProjectUserGroupAndGrantsARole()
    {
        OSClient.OSClientV3 os = login("admin", TestServer.ADMIN_PASSWORD, "admin");
        Token token = os.getToken();
        assertThat(token.getUser().getName()).isEqualTo("admin");
        assertThat(token.getProject().getName()).isEqualTo("admin");
        assertThat(token.getCatalog()).isNotEmpty();

        String projectName = unique("o4j");
        Project project = os.identity().projects().create(Builders.project()
                .name(projectName).domainId("default").description("from openstack4j").enabled(true).build());
        assertThat(project.getId()).isNotBlank();
        assertThat(os.identity().projects().get(project.getId()).getDescription()).isEqualTo("from openstack4j");

        String userName = unique("o4ju");
        User user = os.identity().users().create(Builders.user()
                .name(userName).password("o4j-secret").domainId("default").email("o4j@example.com").enabled(true).build());
        assertThat(os.identity().users().getByName(userName, "default").getId()).isEqualTo(user.getId());

        Group group = os.identity().groups().create(Builders.group().name(unique("o4jg")).domainId("default").build());
        assertThat(os.identity().groups().addUserToGroup(group.getId(), user.getId()).isSuccess()).isTrue();
        assertThat(os.identity().groups().listGroupUsers(group.getId())).extracting(User::getId).containsExactly(user.getId());

        Role member = os.identity().roles().getByName("member").getFirst();
        ActionResponse grant = os.identity().roles().grantProjectUserRole(project.getId(), user.getId(), member.getId());
        assertThat(grant.isSuccess()).isTrue();
        ActionResponse check = os.identity().roles().checkProjectUserRole(project.getId(), user.getId(), member.getId());
        assertThat(check.isSuccess()).as(check.toString()).isTrue();

        OSClient.OSClientV3 asUser = login(userName, "o4j-secret", projectName);
        assertThat(asUser.getToken().getRoles()).extracting(Role::getName).contains("member", "reader");
        // openstack4j keeps one session per thread: switch back to the admin's
        os = OSFactory.clientFromToken(token);

        assertThat(os.identity().roles().revokeProjectUserRole(project.getId(), user.getId(), member.getId()).isSuccess()).isTrue();
        assertThat(os.identity().users().delete(user.getId()).isSuccess()).isTrue();
        assertThat(os.identity().projects().delete(project.getId()).isSuccess()).isTrue();
        assertThat(os.identity().projects().get(project.getId())).isNull();
    }
}
