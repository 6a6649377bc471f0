package io.evidencekit.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The module boundaries, checked on the compiled classes of every module this one sees. */
@DisplayName("Architecture")
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.evidencekit");
  }

  @Test
  @DisplayName("evidence-api depends only on the JDK and JSpecify")
  void apiHasNoThirdPartyDependencies() {
    classes().that().resideInAnyPackage("io.evidencekit.api..", "io.evidencekit.spi..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", "org.jspecify..",
            "io.evidencekit.api..", "io.evidencekit.spi..")
        .check(classes);
  }

  @Test
  @DisplayName("evidence-verify depends only on the JDK, JSpecify, evidence-api and Bouncy Castle: no database, no JSON library")
  void verifierIsSelfContained() {
    classes().that().resideInAPackage("io.evidencekit.verify..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.jspecify..", "org.bouncycastle..",
            "io.evidencekit.api..", "io.evidencekit.spi..", "io.evidencekit.verify..")
        .check(classes);
  }

  @Test
  @DisplayName("plugins use only evidence-api, never evidence-core")
  void pluginsUseOnlyTheApi() {
    noClasses().that().resideInAnyPackage("io.evidencekit.storage..", "io.evidencekit.notify..")
        .should().dependOnClassesThat().resideInAnyPackage("io.evidencekit.core..", "io.evidencekit.examples..")
        .check(classes);
  }

  @Test
  @DisplayName("nothing outside evidence-core reaches into its internal package")
  void coreInternalsStayInside() {
    noClasses().that().resideOutsideOfPackage("io.evidencekit.core..")
        .should().dependOnClassesThat().resideInAPackage("io.evidencekit.core.internal..")
        .check(classes);
  }

  @Test
  @DisplayName("the engine never installs a global security provider or reads global system properties for mail")
  void noGlobalState() {
    noClasses().that().resideInAPackage("io.evidencekit..")
        .should().callMethod(java.security.Security.class, "addProvider", java.security.Provider.class)
        .orShould().callMethod(System.class, "getProperties")
        .check(classes);
  }

  @Test
  @DisplayName("Guava, Jackson, Jdbi and Bouncy Castle stay out of evidence-api")
  void thirdPartyTypesStayOutOfTheApi() {
    noClasses().that().resideInAnyPackage("io.evidencekit.api..", "io.evidencekit.spi..")
        .should().dependOnClassesThat().resideInAnyPackage("com.google..", "com.fasterxml..", "org.jdbi..",
            "org.bouncycastle..")
        .check(classes);
  }
}
