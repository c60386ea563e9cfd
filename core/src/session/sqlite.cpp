#include "sqlite.h"

#include <limits>

namespace ahenk::session::sql {

Database::Database(const std::string& path, int flags) : path_(path) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) fail(Message{QT_TRANSLATE_NOOP("Engine", "cannot open")}, rc);
  sqlite3_extended_result_codes(db_, 1);
  // Another process (a second `ahenk train` on the same session) may hold the write lock for one
  // batch; wait for it rather than fail.
  sqlite3_busy_timeout(db_, 10000);
}

Database::~Database() {
  cache_.clear();  // finalize before closing
  sqlite3_close_v2(db_);
}

Statement& Database::cached(std::string_view sql) {
  auto& slot = cache_[std::string(sql)];
  if (!slot)
    slot = std::make_unique<Statement>(*this, sql);
  else
    slot->reset();
  return *slot;
}

void Database::fail(Arg doing, int code) const {
  std::string sqlite_says = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
  const int primary = code & 0xff;
  const char* text = QT_TRANSLATE_NOOP("Engine", "%1: %2: %3");
  if (primary == SQLITE_NOTADB)
    text = QT_TRANSLATE_NOOP("Engine", "%1: %2: %3 (not an Ahenk session file, or a damaged one)");
  else if (primary == SQLITE_CORRUPT)
    text = QT_TRANSLATE_NOOP(
        "Engine", "%1: %2: %3 (the file is damaged; restore it from an exported archive)");
  else if (primary == SQLITE_FULL)
    text = QT_TRANSLATE_NOOP("Engine",
                             "%1: %2: %3 (the disk is full; free space and retry: nothing already "
                             "saved was lost)");
  else if (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM)
    text = QT_TRANSLATE_NOOP(
        "Engine", "%1: %2: %3 (check that the file and its folder exist and are writable)");
  throw Error(text, {path_, std::move(doing), sqlite_says}, code);
}

void Database::exec(std::string_view sql) {
  std::string owned(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string what = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
      fail(Message{QT_TRANSLATE_NOOP("Engine", "reading")}, rc);
    throw Error(QT_TRANSLATE_NOOP("Engine", "%1: %2"), {path_, what}, rc);
  }
}

std::int64_t Database::scalar_int(std::string_view sql) {
  Statement s(*this, sql);
  return s.step() ? s.int64(0) : 0;
}

std::string Database::scalar_text(std::string_view sql) {
  Statement s(*this, sql);
  return s.step() ? s.text(0) : std::string();
}

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
  int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK)
    db.fail(
        Message{QT_TRANSLATE_NOOP("Engine", "preparing \"%1\""), {std::string(sql.substr(0, 60))}},
        rc);
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) db_->fail(Message{QT_TRANSLATE_NOOP("Engine", "binding")}, rc);
  return *this;
}

Statement& Statement::bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) db_->fail(Message{QT_TRANSLATE_NOOP("Engine", "binding")}, rc);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  int rc =
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) db_->fail(Message{QT_TRANSLATE_NOOP("Engine", "binding")}, rc);
  return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
  int rc = sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) db_->fail(Message{QT_TRANSLATE_NOOP("Engine", "binding")}, rc);
  return *this;
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) db_->fail(Message{QT_TRANSLATE_NOOP("Engine", "binding")}, rc);
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string sql = sqlite3_sql(stmt_) != nullptr ? sqlite3_sql(stmt_) : "";
  sqlite3_reset(stmt_);
  db_->fail(Message{QT_TRANSLATE_NOOP("Engine", "running \"%1\""), {sql.substr(0, 60)}}, rc);
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

double Statement::real_or_nan(int column) const {
  return is_null(column) ? std::numeric_limits<double>::quiet_NaN() : real(column);
}

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p != nullptr ? std::string(reinterpret_cast<const char*>(p), n) : std::string();
}

std::string Statement::blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p != nullptr ? std::string(static_cast<const char*>(p), n) : std::string();
}

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace ahenk::session::sql
