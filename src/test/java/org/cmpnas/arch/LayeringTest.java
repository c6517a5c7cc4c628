package org.cmpnas.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.cmpnas.engine.jobs.RunLifecycle;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunStatus;

/** The layering that separate modules would give: engine ← views ← app. */
@AnalyzeClasses(packages = "org.cmpnas", importOptions = LayeringTest.ProductionClassesOnly.class)
class LayeringTest {

    /** Test classes by their folder, wherever the build folder is ({@code -DbuildDir}); ArchUnit's own option expects target/. */
    static final class ProductionClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/");
        }
    }

    @ArchTest
    static final ArchRule engineNeverTouchesTheUi = noClasses().that().resideInAPackage("org.cmpnas.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.knowm..",
                    "org.cmpnas.views..", "org.cmpnas.app..");

    /** Spark is an optional part of the build: only its own package may use it, found by the engine through ServiceLoader. */
    @ArchTest
    static final ArchRule onlyTheSparkPartTouchesSpark = noClasses().that().resideOutsideOfPackage("org.cmpnas.spark..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.cmpnas.spark..");

    @ArchTest
    static final ArchRule viewsNeverTouchDjlOrTheApp = noClasses().that().resideInAPackage("org.cmpnas.views..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "org.cmpnas.app..");

    @ArchTest
    static final ArchRule viewsNeverReadTheStoreFilesThemselves = noClasses().that().resideInAPackage("org.cmpnas.views..")
            .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..");

    /** Each engine package builds on others without leading back to itself: one can be read, and changed, from the bottom up. */
    @ArchTest
    static final ArchRule enginePackagesAreFreeOfCycles = slices().matching("org.cmpnas.engine.(*)..").should().beFreeOfCycles();

    /** Every job ends its runs alike: only the lifecycle template (and the store itself) moves a run's status or captures its provenance. */
    @ArchTest
    static final ArchRule onlyTheLifecycleMovesARunsStatus = noClasses().that().resideOutsideOfPackage("org.cmpnas.engine.store..")
            .and().doNotHaveFullyQualifiedName(RunLifecycle.class.getName())
            .should().callMethod(RunHandle.class, "setStatus", RunStatus.class, String.class)
            .orShould().callMethod(RunHandle.class, "endAfter", RuntimeException.class, RunStatus.class, String.class)
            .orShould().callMethod(Provenance.class, "capture", long.class, String.class, String.class, int.class, String.class,
                    String.class, String.class);
}
