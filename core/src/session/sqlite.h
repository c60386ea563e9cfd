// A thin RAII layer over the SQLite C API for the session store: one Database per connection, one
// Statement per prepared query, errors as exceptions that name the file. Not thread-safe: each
// thread owns its own connection (the session writer one, every reader one).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <memory>
#include <unordered_map>
#include <vector>

#include "ahenk/message.h"

namespace ahenk::session::sql {

// An SQLite error with its code; its message is an engine message (ahenk/message.h) to translate.
class Error : public std::runtime_error, public Localizable {
 public:
  Error(const char* text, std::vector<Arg> args, int code)
      : std::runtime_error(render_message(Message{text, args}, {})),
        Localizable(Message{text, std::move(args)}),
        code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

class Database;

class Statement {
 public:
  Statement() = default;
  Statement(Database& db, std::string_view sql);
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
  }
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  // Binding is 1-based, as in SQLite. Returns *this so calls chain.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind_blob(int index, const void* data, std::size_t size);
  Statement& bind_null(int index);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  bool step();   // true while a row is available
  void run();    // steps to completion (for statements without rows)
  void reset();  // ready to bind and run again (bindings cleared)

  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const { return sqlite3_column_double(stmt_, column); }
  // NULL reads as NaN (SQLite stores NaN as NULL).
  double real_or_nan(int column) const;
  std::string text(int column) const;
  std::string blob(int column) const;

 private:
  Database* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  // flags: SQLITE_OPEN_READONLY or SQLITE_OPEN_READWRITE [| SQLITE_OPEN_CREATE].
  Database(const std::string& path, int flags);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // A statement prepared once per connection and reused (reset, bindings cleared): the writer's
  // hot paths run the same few statements thousands of times.
  Statement& cached(std::string_view sql);

  void exec(std::string_view sql);  // one or more statements without results
  std::int64_t scalar_int(std::string_view sql);
  std::string scalar_text(std::string_view sql);
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }
  // `doing` says what failed ("cannot open", "running <query>"); the message adds SQLite's words
  // and what to do for the codes a user can act on.
  [[noreturn]] void fail(Arg doing, int code) const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back when destroyed without commit() (an exception).
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace ahenk::session::sql
