package dev.videojobs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.videojobs.core.architecturefixture.CoreClassThatCallsS3;
import dev.videojobs.core.architecturefixture.CoreClassThatParsesWithJackson;
import org.junit.jupiter.api.Test;

/**
 * The architecture as rules (after buckpal's DependencyRuleTests): the core knows no adapter, no AWS SDK, no Lambda
 * library, no HTTP client and no JSON library; adapters do not reach into each other; a function never uses another function's code.
 * The product's classes are imported from the class path (every module is on this module's test class path).
 */
class DependencyRulesTest {

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.videojobs.core", "dev.videojobs.adapter", "dev.videojobs.json",
                    "dev.videojobs.submit", "dev.videojobs.poll", "dev.videojobs.fetch");

    static final ArchRule CORE_KNOWS_NO_ADAPTER_OR_FUNCTION = noClasses().that().resideInAPackage("dev.videojobs.core..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.videojobs.adapter..", "dev.videojobs.submit..",
                    "dev.videojobs.poll..", "dev.videojobs.fetch..", "dev.videojobs.local..")
            .because("the core is the inside of the hexagon: adapters depend on it, never the reverse");

    static final ArchRule CORE_KNOWS_NO_INFRASTRUCTURE = noClasses().that().resideInAPackage("dev.videojobs.core..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..", "com.auth0..",
                    "com.standardwebhooks..", "org.crac..", "java.net.http..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("javax.net.ssl.HttpsURLConnection")
            .because("AWS, Lambda, provider wire formats and HTTP clients live in adapters");

    static final ArchRule CORE_KNOWS_NO_JSON_LIBRARY = noClasses().that().resideInAPackage("dev.videojobs.core..")
            .should().dependOnClassesThat().resideInAPackage("com.fasterxml..")
            .because("the core works on plain Java data; parsing and writing JSON (Jackson) is the json module's business");

    static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER = slices().matching("dev.videojobs.adapter.(*)..")
            .should().notDependOnEachOther()
            .because("each adapter is replaceable on its own; what two of them share belongs in the core");

    static final ArchRule FUNCTIONS_DO_NOT_DEPEND_ON_EACH_OTHER = slices().matching("dev.videojobs.(submit|poll|fetch)..")
            .should().notDependOnEachOther()
            .because("each function is its own deployment artifact with its own composition root");

    static final ArchRule SHARED_CODE_KNOWS_NO_FUNCTION = noClasses().that()
            .resideInAnyPackage("dev.videojobs.adapter..", "dev.videojobs.json..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.videojobs.submit..", "dev.videojobs.poll..",
                    "dev.videojobs.fetch..", "dev.videojobs.local..")
            .because("functions and the local stack are built on the shared modules, not the reverse");

    @Test
    void shouldKeepTheCoreFreeOfAdaptersAndFunctions_whenTheProductIsBuilt() {
        CORE_KNOWS_NO_ADAPTER_OR_FUNCTION.check(PRODUCT);
    }

    @Test
    void shouldKeepTheCoreFreeOfAwsLambdaAndHttp_whenTheProductIsBuilt() {
        CORE_KNOWS_NO_INFRASTRUCTURE.check(PRODUCT);
    }

    @Test
    void shouldKeepTheCoreFreeOfJackson_whenTheProductIsBuilt() {
        CORE_KNOWS_NO_JSON_LIBRARY.check(PRODUCT);
    }

    @Test
    void shouldKeepAdaptersApart_whenTheProductIsBuilt() {
        ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER.check(PRODUCT);
    }

    @Test
    void shouldKeepFunctionsApart_whenTheProductIsBuilt() {
        FUNCTIONS_DO_NOT_DEPEND_ON_EACH_OTHER.check(PRODUCT);
    }

    @Test
    void shouldKeepSharedModulesFreeOfFunctions_whenTheProductIsBuilt() {
        SHARED_CODE_KNOWS_NO_FUNCTION.check(PRODUCT);
    }

    @Test
    void shouldFail_whenACoreClassUsesTheAwsSdk() {
        // the rules can fail: a class in the core's package tree that calls S3 (a test fixture, never shipped)
        JavaClasses violating = new ClassFileImporter().importClasses(CoreClassThatCallsS3.class);

        assertThatThrownBy(() -> CORE_KNOWS_NO_INFRASTRUCTURE.check(violating))
                .isInstanceOf(AssertionError.class).hasMessageContaining("software.amazon.awssdk.services.s3.S3Client");
    }

    @Test
    void shouldFail_whenACoreClassUsesJackson() {
        // the rule can fail: a class in the core's package tree that parses with Jackson (a test fixture, never shipped)
        JavaClasses violating = new ClassFileImporter().importClasses(CoreClassThatParsesWithJackson.class);

        assertThatThrownBy(() -> CORE_KNOWS_NO_JSON_LIBRARY.check(violating))
                .isInstanceOf(AssertionError.class).hasMessageContaining("com.fasterxml.jackson.databind.ObjectMapper");
    }
}
