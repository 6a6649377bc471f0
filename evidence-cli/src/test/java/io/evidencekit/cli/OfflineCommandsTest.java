package io.evidencekit.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The offline commands")
class OfflineCommandsTest {

  @Test
  @DisplayName("proof, log checkpoint and verify use only evidence-verify (and evidence-api), never evidence-core")
  void offlineCommandsUseOnlyTheVerifier() {
    JavaClasses cli = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.evidencekit.cli");
    classes().that().haveNameMatching(".*\\.(ProofCommand|LogCheckpointCommand|VerifyCommand)(\\$.*)?")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "picocli..", "io.evidencekit.verify..",
            "io.evidencekit.api..", "io.evidencekit.cli..")
        .check(cli);
  }
}
