package io.xloud.identity.service;

import io.xloud.core.error.ApiException;
import io.xloud.identity.IdentityErrorCode;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainConfigServiceTest
{
    @Test
    void acceptsKnownGroupsAndOptions()
    {
        DomainConfigService.checkGroupAndOption(Optional.of("ldap"), Optional.of("url"));
        DomainConfigService.checkGroupAndOption(Optional.of("identity"), Optional.of("driver"));
    }

    @Test
    void sensitiveOptionMayBeSetButHasNoDefaultToRead()
    {
        DomainConfigService.checkGroupAndOption(Optional.of("ldap"), Optional.of("password"));

        assertThatThrownBy(() -> DomainConfigService.checkDefaultReadable(Optional.of("ldap"), Optional.of("password")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(IdentityErrorCode.FORBIDDEN));
    }

    @Test
    void refusesUnknownGroupWithKeystonesCode()
    {
        assertThatThrownBy(() -> DomainConfigService.checkGroupAndOption(Optional.of("<script>"), Optional.empty()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(IdentityErrorCode.FORBIDDEN));
    }

    @Test
    void refusesUnknownOption()
    {
        assertThatThrownBy(() -> DomainConfigService.checkGroupAndOption(Optional.of("ldap"), Optional.of("x".repeat(10_000))))
                .isInstanceOf(ApiException.class);
    }
}
