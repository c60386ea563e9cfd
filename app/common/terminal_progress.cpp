#include "terminal_progress.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace ahenk::app {

namespace {

std::string amount(double value, const std::string& unit) {
  if (unit == "B") return human_bytes(value);
  char text[48];
  std::snprintf(text, sizeof(text), unit.empty() ? "%.0f" : "%.0f %s", value, unit.c_str());
  return text;
}

std::string duration(double seconds) {
  char text[32];
  if (seconds < 60) {
    std::snprintf(text, sizeof(text), "%.0fs", seconds);
  } else if (seconds < 3600) {
    std::snprintf(text, sizeof(text), "%dm%02ds", int(seconds) / 60, int(seconds) % 60);
  } else {
    std::snprintf(text, sizeof(text), "%dh%02dm", int(seconds) / 3600, (int(seconds) / 60) % 60);
  }
  return text;
}

}  // namespace

TerminalProgress::TerminalProgress(bool quiet)
    : quiet_(quiet), tty_(isatty(STDERR_FILENO) == 1), start_(Clock::now()), last_draw_(start_) {}

void TerminalProgress::report(const Progress& p) {
  if (quiet_) return;
  if (p.phase != last_.phase) start_ = Clock::now();
  last_ = p;
  const auto now = Clock::now();
  const auto interval = tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(3000);
  if (drawn_ && now - last_draw_ < interval) return;
  last_draw_ = now;
  draw(p, false);
}

void TerminalProgress::finish() {
  if (quiet_ || last_.phase.empty()) return;
  draw(last_, true);
  last_ = {};
  drawn_ = false;
}

void TerminalProgress::draw(const Progress& p, bool final_line) {
  drawn_ = true;
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const double rate = elapsed > 0 ? double(p.done) / elapsed : 0.0;
  std::string line = p.phase;
  if (p.total > 0) {
    const double fraction = std::min(1.0, double(p.done) / double(p.total));
    if (tty_) {
      const int width = 24;
      const int filled = int(fraction * width);
      line +=
          " [" + std::string(size_t(filled), '#') + std::string(size_t(width - filled), '.') + "]";
    }
    char pct[16];
    std::snprintf(pct, sizeof(pct), " %3.0f%%", fraction * 100);
    line += pct;
    line += " " + amount(double(p.done), p.unit) + "/" + amount(double(p.total), p.unit);
  } else {
    line += " " + amount(double(p.done), p.unit);
  }
  if (rate > 0 && elapsed >= 0.25) line += "  " + amount(rate, p.unit) + "/s";
  if (final_line) {
    line += "  in " + duration(elapsed);
  } else if (p.total > 0 && rate > 0 && elapsed >= 0.25 && p.done < p.total) {
    line += "  ETA " + duration(double(p.total - p.done) / rate);
  }
  if (tty_) {
    std::fprintf(stderr, "\r\033[2K%s%s", line.c_str(), final_line ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
}

}  // namespace ahenk::app
