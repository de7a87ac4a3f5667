package dev.orderpipeline;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Arrays;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The house's package rules: each feature's events (and the read ports another feature fulfils) are its contract,
 * in {@code <feature>/events}, and depend on nothing but the JDK and other contracts; features meet only through
 * those; the shared machinery ({@code messaging}, {@code platform}) knows no feature; so no package cycle is left.
 */
@AnalyzeClasses(packages = "dev.orderpipeline", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final List<String> FEATURES = List.of("catalog", "checkout", "inventory", "payment", "notification");

    private static String[] featurePackages() {
        return FEATURES.stream().map(feature -> "dev.orderpipeline." + feature + "..").toArray(String[]::new);
    }

    @ArchTest
    static final ArchRule contractsDependOnTheJdkAndOtherContractsOnly = classes()
            .that().resideInAPackage("dev.orderpipeline.*.events..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.orderpipeline.*.events..");

    @ArchTest
    static void featuresMeetOnlyThroughTheirEvents(JavaClasses classes) {
        for (String feature : FEATURES) {
            String[] others = FEATURES.stream().filter(other -> !other.equals(feature))
                    .map(other -> "dev.orderpipeline." + other + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.orderpipeline." + feature + "..")
                    .should().dependOnClassesThat(resideInAnyPackage(others).and(not(resideInAPackage("dev.orderpipeline.*.events.."))))
                    .because("a feature reads another feature's events and ports, never its services, entities or tables")
                    .check(classes);
        }
    }

    @ArchTest
    static final ArchRule messagingKnowsNoFeature = noClasses().that().resideInAPackage("dev.orderpipeline.messaging..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(featurePackages(), "dev.orderpipeline.ops.."))
            .because("the outbox, inbox, retries and dead letters serve every feature alike");

    @ArchTest
    static final ArchRule platformKnowsNoFeatureNorMessaging = noClasses().that().resideInAPackage("dev.orderpipeline.platform..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    concat(featurePackages(), "dev.orderpipeline.messaging..", "dev.orderpipeline.ops.."));

    @ArchTest
    static final ArchRule localStackStandsAlone = noClasses().that().resideInAPackage("dev.orderpipeline.localstack..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    concat(featurePackages(), "dev.orderpipeline.messaging..", "dev.orderpipeline.platform..", "dev.orderpipeline.ops.."));

    @ArchTest
    static final ArchRule onlyTheConsoleUsesTheConsole = noClasses().that().resideOutsideOfPackage("dev.orderpipeline.ops..")
            .should().dependOnClassesThat().resideInAPackage("dev.orderpipeline.ops..");

    @ArchTest
    static final ArchRule noCycleOnceContractsAreSetAside = slices().matching("dev.orderpipeline.(*)..")
            .should().beFreeOfCycles()
            .ignoreDependency(alwaysTrue(), resideInAPackage("dev.orderpipeline.*.events.."));

    private static String[] concat(String[] first, String... rest) {
        String[] all = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
