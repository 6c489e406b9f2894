package io.xloud.identity;

import java.io.IOException;
import java.nio.file.Path;

/** data/clouds.yaml, so that {@code openstack --os-cloud xloud} works at once. */
final class CloudsYaml
{
    private CloudsYaml() {}

    static void write(Path file, String publicUrl, String region, String adminPassword)
            throws IOException
    {
        String yaml = """
                clouds:
                  xloud:
                    auth:
                      auth_url: %s/identity/v3
                      username: admin
                      password: "%s"
                      project_name: admin
                      user_domain_name: Default
                      project_domain_name: Default
                    region_name: %s
                    interface: public
                    identity_api_version: 3
                """.formatted(publicUrl, adminPassword.replace("\\", "\\\\").replace("\"", "\\\""), region);
        IdentityXloudModule.writeSecret(file, yaml.stripTrailing());
    }
}
