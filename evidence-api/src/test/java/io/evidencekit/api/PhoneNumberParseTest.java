package io.evidencekit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PhoneNumber.parse reads numbers as people write them")
class PhoneNumberParseTest {

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"07700 900123", "07700900123", "+44 7700 900123", "+447700900123", "0044 7700 900123",
      "(07700) 900 123", "+44 (0)7700 900123", "+44 (0) 7700-900-123", "0044 (0)7700 900123", "07700-900-123",
      "07700.900.123", " 07700 900123 ", "447700900123", "+44 07700 900123", "07700\u00A0900123"})
  @DisplayName("every common way of writing a UK mobile gives the same E.164 number, which is a UK mobile")
  void ukMobileForms(String written) {
    PhoneNumber number = PhoneNumber.parse(written);
    assertThat(number.value()).isEqualTo("+447700900123");
    assertThat(number.isUkMobile()).isTrue();
    assertThat(PhoneNumber.ukMobile(written)).isEqualTo(number);
  }

  @Test
  @DisplayName("an international number in E.164 or with 00 is kept as it is")
  void international() {
    assertThat(PhoneNumber.parse("+33 6 12 34 56 78").value()).isEqualTo("+33612345678");
    assertThat(PhoneNumber.parse("0033 6 12 34 56 78").value()).isEqualTo("+33612345678");
    assertThat(PhoneNumber.parse("+1 (202) 555-0143").value()).isEqualTo("+12025550143");
    assertThat(PhoneNumber.parse("+33612345678").isUkMobile()).isFalse();
  }

  @Test
  @DisplayName("a UK landline is a phone number but not a UK mobile, and ukMobile refuses it")
  void landline() {
    PhoneNumber landline = PhoneNumber.parse("01622 690690");
    assertThat(landline.value()).isEqualTo("+441622690690");
    assertThat(landline.isUkMobile()).isFalse();
    assertInvalid(() -> PhoneNumber.ukMobile("01622 690690"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"07000 900123", "07600 900123", "+44 7000 900123"})
  @DisplayName("personal numbers (070) and pagers (076) are not UK mobiles")
  void notMobiles(String written) {
    assertThat(PhoneNumber.parse(written).isUkMobile()).isFalse();
  }

  @Test
  @DisplayName("an Isle of Man mobile (07624) is a UK mobile")
  void isleOfMan() {
    assertThat(PhoneNumber.ukMobile("07624 123456").value()).isEqualTo("+447624123456");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "   ", "0770090012", "077009001234", "07700 9OO123", "7700 900456", "call me",
      "+44 7700 900123 ext 4", "++447700900123", "+0447700900123", "0", "+", "00", "07700 900123\n", "1234567",
      "+44 4700 900123", "+123456789012345678"})
  @DisplayName("what is not a readable number is refused with INVALID_INPUT, without repeating it")
  void unreadable(String written) {
    assertThatThrownBy(() -> PhoneNumber.parse(written))
        .isInstanceOf(EvidenceException.class)
        .satisfies(e -> {
          assertThat(((EvidenceException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
          if (written.strip().length() > 3) {
            assertThat(e.getMessage()).doesNotContain(written.strip());
          }
        });
  }

  private static void assertInvalid(Runnable r) {
    assertThatThrownBy(r::run).isInstanceOf(EvidenceException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
  }
}
