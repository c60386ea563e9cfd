// Engine errors a user interface can show in its own language. The engine throws an EngineError
// made from an English template with %1..%9 for its arguments; what() is the English text (the CLI
// prints it), and message() keeps the template and the arguments so the workbench can translate
// the template (Qt context "Engine") and fill in the same arguments.
//
//   throw ahenk::RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot open (is this a checkpoint "
//                                                         "folder?)"),
//                             {path.string()});
//   ...
//   catch (const std::exception& e) { show(ahenk::describe(e)); }   // translated where installed
//
// Templates are marked with QT_TRANSLATE_NOOP("Engine", ...) (defined here as the identity when Qt
// is absent, as Qt defines it) so that lupdate finds them; the engine does not depend on Qt.
//
// A message may carry another as an argument (a tokenizer file's field error inside "%1: %2" with
// the file's path): cause(e) keeps an engine error's template and arguments, so both parts are
// translated.
//
//   catch (const std::exception& e) {
//     throw ahenk::RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: %2"), {path, ahenk::cause(e)});
//   }
//
// What users can cause (files, options, configs) is worded this way; checks of the engine's own
// invariants, which only a bug in a caller can trip, stay plain English exceptions.
//
// Threading: set_message_translator before any thread calls describe(); describe() from any thread.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(scope, x) x
#endif

namespace ahenk {

struct Message;

// One argument of a message: text, or a message of its own (translated with the rest).
struct Arg {
  Arg(std::string s) : text(std::move(s)) {}           // NOLINT: implicit, for {a, b} lists
  Arg(const char* s) : text(s != nullptr ? s : "") {}  // NOLINT (a C library may give null)
  Arg(Message m);                                      // NOLINT
  std::string text;                                    // the English text
  std::shared_ptr<const Message> message;              // set for a nested message
};

struct Message {
  const char* text = "";  // the English template, %1..%9 standing for args
  std::vector<Arg> args;  // in order: %1 is args[0]
};

// The template with each %N (1..9) replaced by args[N-1]; other characters as they are.
std::string format_message(const char* text, const std::vector<std::string>& args);
// The message with every template (its own and its nested messages') passed through `translate`
// (the English template when `translate` is empty).
std::string render_message(const Message& message,
                           const std::function<std::string(const char*)>& translate);

// The part of an engine error that carries its message.
class Localizable {
 public:
  virtual ~Localizable() = default;
  const Message& message() const { return message_; }

 protected:
  explicit Localizable(Message message) : message_(std::move(message)) {}

 private:
  Message message_;
};

template <class Base>
class EngineError final : public Base, public Localizable {
 public:
  explicit EngineError(const char* text, std::vector<Arg> args = {})
      : Base(render_message(Message{text, args}, {})),
        Localizable(Message{text, std::move(args)}) {}
};
using RuntimeError = EngineError<std::runtime_error>;
using InvalidArgument = EngineError<std::invalid_argument>;

// An exception as an argument of another message: an engine error's message, else what().
Arg cause(const std::exception& e);

// What to show a user for an exception: an engine error rendered with the installed translator,
// else what().
std::string describe(const std::exception& e);
// Installs the translation of templates (the workbench: Qt's, context "Engine"); an empty
// function removes it.
void set_message_translator(std::function<std::string(const char* text)> translator);

}  // namespace ahenk
