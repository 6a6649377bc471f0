package io.evidencekit.scan.clamav;

import static org.assertj.core.api.Assertions.assertThat;

import io.evidencekit.scan.clamav.ToolRequirement.Decision;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Tests needing clamd run, skip or fail")
class ToolRequirementTest {

  @Test
  @DisplayName("a present tool runs, whatever is required")
  void present() {
    assertThat(ToolRequirement.decide("clamd", true, null, "x").decision()).isEqualTo(Decision.RUN);
    assertThat(ToolRequirement.decide("clamd", true, "clamd", "x").decision()).isEqualTo(Decision.RUN);
  }

  @Test
  @DisplayName("an absent tool skips, with the install command in the message")
  void absentSkips() {
    ToolRequirement r = ToolRequirement.decide("clamd", false, null, ClamdAvailable.INSTALL);

    assertThat(r.decision()).isEqualTo(Decision.SKIP);
    assertThat(r.message()).contains("apt-get install -y clamav-daemon");
    assertThat(ToolRequirement.decide("clamd", false, "chromium", "x").decision()).isEqualTo(Decision.SKIP);
    assertThat(ToolRequirement.decide("clamd", false, "clamdx", "x").decision()).isEqualTo(Decision.SKIP);
  }

  @Test
  @DisplayName("an absent tool named in evidencekit.require fails, in any case and position of the list")
  void absentButRequiredFails() {
    for (String required : new String[] {"clamd", "chromium,clamd", " Chromium , CLAMD "}) {
      ToolRequirement r = ToolRequirement.decide("clamd", false, required, ClamdAvailable.INSTALL);
      assertThat(r.decision()).as(required).isEqualTo(Decision.FAIL);
      assertThat(r.message()).contains("evidencekit.require", "apt-get install -y clamav-daemon");
    }
  }
}
