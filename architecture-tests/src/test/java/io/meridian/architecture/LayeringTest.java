package io.meridian.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module arrows of docs/architecture.md, enforced: a lower layer never imports a higher one,
 * the JDBC driver knows only the protocol, and the deterministic layers never read the wall clock,
 * sleep, use unseeded randomness or create threads.
 */
class LayeringTest {
    private static final String ROOT = "io.meridian.";
    /** Each layer and the Meridian layers it may import (besides itself). */
    private static final Map<String, List<String>> ALLOWED = Map.ofEntries(
            Map.entry("truetime", List.of()),
            Map.entry("storage", List.of("truetime")),
            Map.entry("rpc", List.of()),
            Map.entry("paxos", List.of("storage", "truetime", "rpc")),
            Map.entry("range", List.of("paxos", "storage", "truetime", "rpc")),
            Map.entry("txn", List.of("range", "paxos", "storage", "truetime", "rpc")),
            Map.entry("sql", List.of("txn", "range", "paxos", "storage", "truetime")),
            Map.entry("server", List.of("sql", "txn", "range", "paxos", "storage", "truetime", "rpc")),
            Map.entry("jdbc", List.of("rpc")),
            Map.entry("console", List.of()));

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.meridian");
        // The rules below fail by throwing from check(); an empty import would make them vacuous.
        org.junit.jupiter.api.Assertions.assertTrue(classes.size() > 100, "imported only " + classes.size() + " classes");
    }

    @Test
    void layersOnlyImportLayersBelow() {
        for (Map.Entry<String, List<String>> layer : ALLOWED.entrySet()) {
            for (String other : ALLOWED.keySet()) {
                if (other.equals(layer.getKey()) || layer.getValue().contains(other)) {
                    continue;
                }
                noClasses().that().resideInAPackage(ROOT + layer.getKey() + "..")
                        .should().dependOnClassesThat().resideInAPackage(ROOT + other + "..")
                        .because(layer.getKey() + " sits below or beside " + other + " (docs/architecture.md)")
                        .check(classes);
            }
        }
    }

    @Test
    void deterministicLayersTakeTimeAndThreadsFromOutside() {
        for (String layer : List.of("paxos", "range", "txn")) {
            ArchRule rule = noClasses().that().resideInAPackage(ROOT + layer + "..")
                    .should().callMethod(System.class, "currentTimeMillis")
                    .orShould().callMethod(System.class, "nanoTime")
                    .orShould().callMethod(Thread.class, "sleep", long.class)
                    .orShould().callConstructor(java.util.Random.class)
                    .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.Executors")
                    .orShould().callConstructor(Thread.class, Runnable.class)
                    .because("time, randomness and threads come in through constructors (STYLE.md)");
            rule.check(classes);
        }
    }
}
