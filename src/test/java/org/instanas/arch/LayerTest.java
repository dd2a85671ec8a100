// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers of the design brief: arrows point down only. */
class LayerTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter()
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("org.instanas");
    }

    @Test
    void uiNeverTouchesDjlNorTheEngine() {
        // the UI reads run records and analysis results and acts through app services; the shared
        // vocabulary (Stage, UserException) lives in run
        noClasses()
                .that()
                .resideInAPackage("org.instanas.ui..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.djl..", "org.instanas.engine..")
                .check(classes);
    }

    @Test
    void runFormatIsPlainJava() {
        noClasses()
                .that()
                .resideInAPackage("org.instanas.run..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "ai.djl..",
                        "javafx..",
                        "org.instanas.engine..",
                        "org.instanas.app..",
                        "org.instanas.ui..",
                        "org.instanas.cli..",
                        "org.instanas.analysis..",
                        "org.instanas.figure..",
                        "org.instanas.data..")
                .check(classes);
    }

    @Test
    void analysisHasNoDjlNoJavaFx() {
        noClasses()
                .that()
                .resideInAPackage("org.instanas.analysis..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "ai.djl..",
                        "javafx..",
                        "org.instanas.engine..",
                        "org.instanas.app..",
                        "org.instanas.ui..",
                        "org.instanas.cli..",
                        "org.instanas.figure..")
                .check(classes);
    }

    @Test
    void dataHasNoDjlNoJavaFx() {
        noClasses()
                .that()
                .resideInAPackage("org.instanas.data..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "ai.djl..",
                        "javafx..",
                        "org.instanas.engine..",
                        "org.instanas.app..",
                        "org.instanas.ui..",
                        "org.instanas.cli..",
                        "org.instanas.figure..",
                        "org.instanas.analysis..")
                .check(classes);
    }

    @Test
    void figuresAreJava2dOnly() {
        noClasses()
                .that()
                .resideInAPackage("org.instanas.figure..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "ai.djl..",
                        "javafx..",
                        "org.instanas.engine..",
                        "org.instanas.app..",
                        "org.instanas.ui..",
                        "org.instanas.cli..")
                .check(classes);
    }

    @Test
    void engineKnowsNoFrontEndNorAppServices() {
        noClasses()
                .that()
                .resideInAPackage("org.instanas.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "javafx..",
                        "org.instanas.ui..",
                        "org.instanas.cli..",
                        "org.instanas.figure..",
                        "org.instanas.app..")
                .check(classes);
    }

    @Test
    void theDeploymentRuntimeNeedsNoLibtorchAndNoFrontEnd() {
        noClasses()
                .that()
                .resideInAPackage("org.instanas.deploy..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "ai.djl..",
                        "javafx..",
                        "org.instanas.ui..",
                        "org.instanas.cli..",
                        "org.instanas.figure..",
                        "org.instanas.app..")
                .check(classes);
    }

    @Test
    void appServicesHaveNoJavaFx() {
        noClasses()
                .that()
                .resideInAPackage("org.instanas.app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.instanas.ui..", "org.instanas.cli..", "javafx..")
                .check(classes);
    }

    @Test
    void sharedControlsKnowNoPane() {
        noClasses()
                .that()
                .resideInAPackage("org.instanas.ui.common..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.instanas.ui.main..",
                        "org.instanas.ui.routing..",
                        "org.instanas.ui.curves..",
                        "org.instanas.ui.difficulty..",
                        "org.instanas.ui.gallery..",
                        "org.instanas.ui.projection..",
                        "org.instanas.ui.variants..",
                        "org.instanas.ui.newrun..",
                        "org.instanas.ui.export..",
                        "org.instanas.ui.history..",
                        "org.instanas.ui.latency..",
                        "org.instanas.ui.usage..",
                        "org.instanas.ui.browser..",
                        "org.instanas.ui.figure..")
                .check(classes);
    }
}
