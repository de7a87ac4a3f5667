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
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import dev.orderpipeline.contract.PipelineMessage;

/**
 * The house's package rules: each feature's events (and the read ports another feature fulfils) are its contract,
 * in {@code <feature>/events}, and depend on nothing but the JDK, other contracts and {@code contract}; features meet
 * only through those; the shared machinery ({@code messaging}, {@code platform}) knows no feature; so no package
 * cycle is left. {@code contract} is what every message has in common (its type, key and destination): JDK-only like
 * the events that implement it, it is the one package both the events and messaging may read, so an event can say
 * where it goes without depending on messaging, and messaging can send it without knowing its feature. {@code config}
 * (the {@code app.*} settings, one tree) is read by every package, so it depends on the JDK and SmallRye Config only.
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
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.orderpipeline.*.events..", "dev.orderpipeline.contract..");

    @ArchTest
    static final ArchRule theCommonContractDependsOnTheJdkOnly = classes()
            .that().resideInAPackage("dev.orderpipeline.contract..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.orderpipeline.contract..");

    @ArchTest
    static final ArchRule theSettingsDependOnTheJdkAndSmallRyeConfigOnly = classes()
            .that().resideInAPackage("dev.orderpipeline.config..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.smallrye.config..", "dev.orderpipeline.config..")
            .because("features, messaging and platform all read the settings, so the settings may know none of them");

    @ArchTest
    static final ArchRule messagesAreContractRecordsThatDeclareTheirType = classes()
            .that().implement(PipelineMessage.class)
            .should().beRecords().andShould().resideInAPackage("dev.orderpipeline.*.events..")
            .andShould(declarePublicStaticFinalString("TYPE"))
            .because("handlers are registered by class, and messaging reads the CloudEvents type from its TYPE");

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
                    concat(featurePackages(), "dev.orderpipeline.messaging..", "dev.orderpipeline.platform..", "dev.orderpipeline.ops..",
                            "dev.orderpipeline.config.."))
            .because("the local stack starts while the configuration is being built, before any bean or mapping exists");

    @ArchTest
    static final ArchRule onlyTheConsoleUsesTheConsole = noClasses().that().resideOutsideOfPackage("dev.orderpipeline.ops..")
            .should().dependOnClassesThat().resideInAPackage("dev.orderpipeline.ops..");

    @ArchTest
    static final ArchRule noCycleOnceContractsAreSetAside = slices().matching("dev.orderpipeline.(*)..")
            .should().beFreeOfCycles()
            .ignoreDependency(alwaysTrue(), resideInAPackage("dev.orderpipeline.*.events.."));

    private static ArchCondition<JavaClass> declarePublicStaticFinalString(String name) {
        return new ArchCondition<>("declare public static final String " + name) {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean declared = type.tryGetField(name).filter(field -> field.getRawType().isEquivalentTo(String.class)
                        && field.getModifiers().containsAll(Set.of(JavaModifier.PUBLIC, JavaModifier.STATIC, JavaModifier.FINAL)))
                        .isPresent();
                events.add(new SimpleConditionEvent(type, declared, type.getName() + (declared ? " declares " : " lacks ") + name));
            }
        };
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
