package io.evidencekit.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The module boundaries, checked on the compiled classes of every module this one sees. */
@DisplayName("Architecture")
class ArchitectureTest {
  private static final DescribedPredicate<JavaConstructorCall> BARE_EXCEPTION = DescribedPredicate.describe(
      "the constructor of IllegalArgumentException or IllegalStateException (or a subclass)",
      call -> call.getTargetOwner().isAssignableTo(IllegalArgumentException.class)
          || call.getTargetOwner().isAssignableTo(IllegalStateException.class));

  private static final DescribedPredicate<JavaMethodCall> GUAVA_PRECONDITIONS = DescribedPredicate.describe(
      "Guava's Preconditions (which throw IllegalArgumentException and IllegalStateException)",
      call -> call.getTargetOwner().getName().equals("com.google.common.base.Preconditions"));

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        // A module's test jar (notify-govuk's fake Notify, which examples' tests use) is test code too.
        .withImportOption(location -> !location.contains("-tests.jar"))
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
    noClasses().that().resideInAnyPackage("io.evidencekit.storage..", "io.evidencekit.notify..", "io.evidencekit.scan..",
            "io.evidencekit.media..", "io.evidencekit.video..")
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

  /**
   * The few evidence-core types a host, the CLI or a plugin may use: the engine, its builder and custody
   * role, the default policies and the time-stamp client a host configures, and the database audit. The
   * roles for token holders, officers and operators are in evidence-api; the verification vocabulary is
   * in evidence-verify. Everything else in core is the engine's own, however it is declared.
   */
  static final Set<String> CORE_TYPES_FOR_OUTSIDE = Set.of(
      "io.evidencekit.core.EvidenceEngine",
      "io.evidencekit.core.EngineBuilder",
      "io.evidencekit.core.Custody",
      "io.evidencekit.core.Exports",
      "io.evidencekit.core.ExportOrder",
      "io.evidencekit.core.ExportSummary",
      "io.evidencekit.core.ExportTarget",
      "io.evidencekit.core.ExportTarget$Directory",
      "io.evidencekit.core.ExportTarget$ZipFile",
      "io.evidencekit.core.ExportTarget$ZipStream",
      "io.evidencekit.core.ExportProgress",
      "io.evidencekit.core.EngineSettingsFile",
      "io.evidencekit.core.access.DefaultAccessPolicy",
      "io.evidencekit.core.notify.DeliveryPolicy",
      "io.evidencekit.core.scan.ScanPolicy",
      "io.evidencekit.core.media.InspectionPolicy",
      "io.evidencekit.core.custody.AuditReport",
      "io.evidencekit.core.custody.AuditFinding",
      "io.evidencekit.core.custody.LogAuditor",
      "io.evidencekit.core.custody.tsa.Rfc3161HttpTimestampAuthority");

  @Test
  @DisplayName("outside evidence-core only the engine, its builder, the custody role and a few named types of core are used")
  void coreIsSealed() {
    noClasses().that().resideOutsideOfPackage("io.evidencekit.core..")
        .should().dependOnClassesThat(new DescribedPredicate<JavaClass>("evidence-core types not named for outside use") {
          @Override
          public boolean test(JavaClass c) {
            String top = c.getName().contains("$") ? c.getName().substring(0, c.getName().indexOf('$')) : c.getName();
            return c.getPackageName().startsWith("io.evidencekit.core") && !CORE_TYPES_FOR_OUTSIDE.contains(top);
          }
        })
        .check(classes);
  }

  @Test
  @DisplayName("the public portal is given only the token holder's role: it compiles against evidence-api alone")
  void portalSeesOnlyThePublicSide() {
    noClasses().that().resideInAPackage("io.evidencekit.portal..")
        .should().dependOnClassesThat().resideInAnyPackage("io.evidencekit.core..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.evidencekit.api.OfficerSide")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.evidencekit.api.Operations")
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

  @Test
  @DisplayName("no public evidencekit package constructs IllegalArgumentException or IllegalStateException: a failure is an EvidenceException with a code (or an IOException)")
  void noBareIllegalArgumentOrState() {
    noClasses().that().resideInAPackage("io.evidencekit..").and().resideOutsideOfPackage("..internal..")
        .should().callConstructorWhere(BARE_EXCEPTION)
        .orShould().callMethodWhere(GUAVA_PRECONDITIONS)
        .because("callers switch on ErrorCode and its kind; a bare JDK exception tells them nothing (issue 9)")
        .check(classes);
  }

  private static String topLevelName(JavaClass c) {
    String name = c.getName();
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }
}
