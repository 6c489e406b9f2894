package io.xloud.testing.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The boundaries of ARCHITECTURE.md, checked over the main classes of every module: this module depends on
 * xloud-server, which depends on every service, so one import sees them all and a new service module is
 * covered as soon as the server wires it.
 */
class LayeringTest
{
    private static final String ROOT = "io.xloud";
    // the kernel, the wiring and the test harness are not services: the last two may see several
    private static final Set<String> NOT_SERVICES = Set.of("core", "server", "testing");

    private static final String SAMPLE = "io.xloud.testing.architecture.sample";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses()
    {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void everyModuleIsImported()
    {
        assertThat(services()).contains("identity", "objectstore");
        assertThat(classes.containPackage(ROOT + ".core")).isTrue();
    }

    @Test
    void anApiClassReachingItsStoreFailsTheRules()
    {
        JavaClasses sample = new ClassFileImporter().importPackages(SAMPLE);
        assertThatThrownBy(() -> layerRules(SAMPLE).getFirst().check(sample))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("SampleResource");
    }

    @TestFactory
    Stream<DynamicTest> servicesKeepTheirLayers()
    {
        List<DynamicTest> tests = new ArrayList<>();
        for (String service : services()) {
            for (ArchRule rule : layerRules(ROOT + "." + service)) {
                tests.add(DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(classes)));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> noServiceImportsAnother()
    {
        Set<String> services = services();
        List<DynamicTest> tests = new ArrayList<>();
        for (String service : services) {
            for (String other : services) {
                if (!other.equals(service)) {
                    ArchRule rule = noClasses().that().resideInAPackage(ROOT + "." + service + "..")
                            .should().dependOnClassesThat().resideInAPackage(ROOT + "." + other + "..")
                            .because("a service declares a port of its own and xloud-server wires it");
                    tests.add(DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(classes)));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void kernelImportsNoService()
    {
        String[] servicePackages = services().stream().map(service -> ROOT + "." + service + "..").toArray(String[]::new);
        noClasses().that().resideInAPackage(ROOT + ".core..")
                .should().dependOnClassesThat().resideInAnyPackage(servicePackages)
                .because("the kernel holds no OpenStack service logic")
                .check(classes);
    }

    static List<ArchRule> layerRules(String module)
    {
        return List.of(
                noClasses().that().resideInAPackage(module + ".api..")
                        .should().dependOnClassesThat().resideInAnyPackage(module + ".store..", "org.jdbi..")
                        .because("api parses, checks policy and renders; persistence is reached through the service layer")
                        .allowEmptyShould(true),
                noClasses().that().resideInAPackage(module + ".service..")
                        .should().dependOnClassesThat().resideInAPackage(module + ".api..")
                        .because("domain logic knows nothing of HTTP")
                        .allowEmptyShould(true),
                noClasses().that().resideInAPackage(module + ".driver..")
                        .should().dependOnClassesThat().resideInAPackage(module + ".store..")
                        .because("drivers touch the outside world, never the database")
                        .allowEmptyShould(true));
    }

    /** The top-level packages under io.xloud that hold a service module. */
    private static Set<String> services()
    {
        Set<String> services = new TreeSet<>();
        for (JavaClass javaClass : classes) {
            String name = javaClass.getPackageName();
            if (name.startsWith(ROOT + ".")) {
                String top = name.substring(ROOT.length() + 1).split("\\.")[0];
                if (!NOT_SERVICES.contains(top)) {
                    services.add(top);
                }
            }
        }
        return services;
    }
}
