#include "ahenk/message.h"

#include <memory>
#include <mutex>

namespace ahenk {
namespace {

std::mutex& translator_mutex() {
  static std::mutex m;
  return m;
}
std::shared_ptr<const std::function<std::string(const Message&)>>& translator_slot() {
  static std::shared_ptr<const std::function<std::string(const Message&)>> slot;
  return slot;
}

}  // namespace

std::string format_message(const char* text, const std::vector<std::string>& args) {
  std::string out;
  for (const char* p = text; *p != '\0'; ++p) {
    if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
      const auto n = std::size_t(p[1] - '1');
      if (n < args.size()) {
        out += args[n];
        ++p;
        continue;
      }
    }
    out += *p;
  }
  return out;
}

std::string describe(const std::exception& e) {
  const auto* localizable = dynamic_cast<const Localizable*>(&e);
  if (localizable == nullptr) return e.what();
  std::shared_ptr<const std::function<std::string(const Message&)>> translator;
  {
    const std::lock_guard lock(translator_mutex());
    translator = translator_slot();
  }
  if (!translator || !*translator) return e.what();
  return (*translator)(localizable->message());
}

void set_message_translator(std::function<std::string(const Message&)> translator) {
  const std::lock_guard lock(translator_mutex());
  translator_slot() = translator
                          ? std::make_shared<const std::function<std::string(const Message&)>>(
                                std::move(translator))
                          : nullptr;
}

}  // namespace ahenk
