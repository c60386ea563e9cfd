// Progress on stderr for the CLI: on a terminal, one line redrawn in place with a bar, the rate and
// the ETA (at most 10 times a second); otherwise (a log, CI) a plain line every few seconds, so
// logs stay readable. Silent when `quiet`.
//
//   ahenk::app::TerminalProgress progress(/*quiet=*/false);
//   ahenk::text::corpus_stats(inputs, &progress, &cancel);
#pragma once

#include <chrono>

#include "ahenk/progress.h"

namespace ahenk::app {

class TerminalProgress final : public ProgressSink {
 public:
  explicit TerminalProgress(bool quiet);
  void report(const Progress& progress) override;
  void finish() override;

 private:
  using Clock = std::chrono::steady_clock;
  void draw(const Progress& p, bool final_line);

  bool quiet_;
  bool tty_;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  Progress last_;
  bool drawn_ = false;
};

using ahenk::human_bytes;  // (progress.h)

}  // namespace ahenk::app
