#include "ahenk/tokenize/tokenizer.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

namespace ahenk::tokenize {

std::vector<std::vector<std::uint32_t>> Tokenizer::encode_batch(
    const std::vector<std::string>& documents, unsigned threads, ProgressSink* progress,
    const CancelToken* cancel) const {
  std::vector<std::vector<std::uint32_t>> out(documents.size());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = unsigned(std::min<std::size_t>(threads, std::max<std::size_t>(1, documents.size())));
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  // Each thread takes the next document; the calling thread works too and reports progress.
  auto work = [&](bool report) {
    for (std::size_t i; !stop && (i = next.fetch_add(1)) < documents.size();) {
      try {
        if (cancel && cancel->cancelled()) throw Cancelled();
        out[i] = encode(documents[i]);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        stop = true;
      }
      ++done;
      if (report && progress) progress->report({"encode", done.load(), documents.size(), "docs"});
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, false);
  work(true);
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  if (progress) {
    progress->report({"encode", documents.size(), documents.size(), "docs"});
    progress->finish();
  }
  return out;
}

}  // namespace ahenk::tokenize
