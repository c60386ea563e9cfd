#include "ahenk/message.h"

#include <memory>
#include <mutex>

namespace ahenk {
namespace {

std::mutex& translator_mutex() {
  static std::mutex m;
  return m;
}
using Translator = std::function<std::string(const char*)>;
std::shared_ptr<const Translator>& translator_slot() {
  static std::shared_ptr<const Translator> slot;
  return slot;
}

}  // namespace

Arg::Arg(Message m)
    : text(render_message(m, {})), message(std::make_shared<const Message>(std::move(m))) {}

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

std::string render_message(const Message& message, const Translator& translate) {
  std::vector<std::string> args;
  args.reserve(message.args.size());
  for (const auto& a : message.args)
    args.push_back(a.message ? render_message(*a.message, translate) : a.text);
  if (!translate) return format_message(message.text, args);
  return format_message(translate(message.text).c_str(), args);
}

Arg cause(const std::exception& e) {
  if (const auto* localizable = dynamic_cast<const Localizable*>(&e))
    return Arg(localizable->message());
  return Arg(std::string(e.what()));
}

std::string describe(const std::exception& e) {
  const auto* localizable = dynamic_cast<const Localizable*>(&e);
  if (localizable == nullptr) return e.what();
  std::shared_ptr<const Translator> translator;
  {
    const std::lock_guard lock(translator_mutex());
    translator = translator_slot();
  }
  if (!translator || !*translator) return e.what();
  return render_message(localizable->message(), *translator);
}

void set_message_translator(Translator translator) {
  const std::lock_guard lock(translator_mutex());
  translator_slot() =
      translator ? std::make_shared<const Translator>(std::move(translator)) : nullptr;
}

}  // namespace ahenk
