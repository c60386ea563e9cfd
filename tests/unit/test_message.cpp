// Engine messages: the English text fills the template once (arguments are never scanned again),
// an engine error is still the standard exception callers catch, and describe() uses the
// translator the workbench installs, for engine errors only.
#include <gtest/gtest.h>

#include "ahenk/message.h"

using namespace ahenk;

TEST(Message, FormatFillsEachNumberedSlotOnceAndLeavesOtherPercentSigns) {
  EXPECT_EQ(format_message("%1: byte %2: not valid JSON", {"a.json", "17"}),
            "a.json: byte 17: not valid JSON");
  EXPECT_EQ(format_message("%2 before %1", {"x", "y"}), "y before x");
  // An argument holding "%2" stays as it is; a %N without an argument, and "%" before
  // anything but a digit 1-9, are kept.
  EXPECT_EQ(format_message("%1 and %2", {"50%2", "b"}), "50%2 and b");
  EXPECT_EQ(format_message("%1 %3 100% %0", {"a"}), "a %3 100% %0");
}

TEST(Message, EngineErrorsAreTheStandardExceptionsWithTheirEnglishText) {
  try {
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "layer %1 out of range (0-%2)"), {"9", "3"});
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "layer 9 out of range (0-3)");
    EXPECT_EQ(describe(e), "layer 9 out of range (0-3)");  // no translator installed
  }
  EXPECT_THROW(throw RuntimeError("plain"), std::runtime_error);
}

TEST(Message, DescribeUsesTheInstalledTranslatorForEngineErrorsOnly) {
  set_message_translator([](const char* text) {
    return std::string(text) == "layer %1 out of range (0-%2)"
               ? std::string("katman %1 aralık dışında (0-%2)")
               : std::string(text);
  });
  const InvalidArgument engine("layer %1 out of range (0-%2)", {"9", "3"});
  EXPECT_EQ(describe(engine), "katman 9 aralık dışında (0-3)");
  EXPECT_STREQ(engine.what(), "layer 9 out of range (0-3)");  // the CLI's text is unchanged
  const std::runtime_error other("from elsewhere");
  EXPECT_EQ(describe(other), "from elsewhere");
  set_message_translator({});
  EXPECT_EQ(describe(engine), "layer 9 out of range (0-3)");
}

// C libraries may give a null message (libarchive's archive_error_string): it reads as empty.
TEST(Message, ANullArgumentReadsAsEmpty) {
  const char* none = nullptr;
  const RuntimeError e("%1: cannot write (%2)", {"a.tar", none});
  EXPECT_STREQ(e.what(), "a.tar: cannot write ()");
}

TEST(Message, ACauseKeepsItsTemplateSoBothPartsAreTranslated) {
  const RuntimeError inner("token id %1 is not an integer", {"-3"});
  const RuntimeError outer("%1: %2", {"t.json", cause(inner)});
  EXPECT_STREQ(outer.what(), "t.json: token id -3 is not an integer");
  set_message_translator([](const char* text) {
    const std::string t(text);
    if (t == "token id %1 is not an integer")
      return std::string("belirteç kimliği %1 tam sayı değil");
    if (t == "%1: %2") return std::string("%1 dosyası: %2");
    return t;
  });
  EXPECT_EQ(describe(outer), "t.json dosyası: belirteç kimliği -3 tam sayı değil");
  // A plain exception as the cause stays as it is; its argument is never scanned for %N.
  const RuntimeError wrapped("%1: %2", {"t.json", cause(std::runtime_error("50%1 odd"))});
  EXPECT_EQ(describe(wrapped), "t.json dosyası: 50%1 odd");
  set_message_translator({});
  EXPECT_EQ(describe(outer), "t.json: token id -3 is not an integer");
}
