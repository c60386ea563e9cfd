// Deduplication of a corpus: exact duplicates (same normalized words) and near duplicates (MinHash
// + LSH), grouped into clusters with union-find, each decision with its evidence.
//
//   ahenk::text::Deduplicator dedup(options);
//   for (doc : corpus) dedup.add(doc.index, doc.text, doc.timestamp);   // in corpus order
//   auto result = dedup.finish([&](uint32_t i) { return text_of(i); });
//   result.removed;   // {index, duplicate_of, jaccard, cluster}: what to drop and why
//   result.pairs;     // candidate pairs: estimated and exact Jaccard, shared shingles
//   result.clusters;  // members with their Jaccard to the kept document; giant/split flags
//
// How clusters are made:
//   - exact duplicates join the first document with the same normalized words (Jaccard 1);
//   - documents sharing an LSH bucket in any band are candidate pairs (each bucket links its
//     members to its first member, as datatrove does, so a popular bucket costs O(n), not O(n^2));
//   - with `verify` (default) a candidate pair joins only when its exact shingle Jaccard reaches
//     `threshold`; without it every candidate joins (datatrove's behaviour);
//   - the kept document of a cluster follows `keep` (first, longest, most recent); with `verify`,
//     members below `threshold` against the kept document (transitive chains A~B~C with A!~C) are
//     split off into clusters of their own, and the cluster is marked `split`;
//   - clusters above `giant_cluster` members are flagged for the user to inspect.
// Memory holds the LSH band keys of each document (8 x bands bytes), never the corpus nor its
// signatures: the texts of the documents in candidate pairs are asked for again, through the
// callback, a window of pairs at a time (`window_bytes` of their texts), to make the signatures
// (the estimate) and the shingles (verification) that window needs; cluster peeling makes them
// only for pairs never seen, one cluster at a time. What grows with the corpus is the band keys
// and the candidate pairs.
// Deterministic: same input order and options give the same clusters, ids and order.
// Not thread-safe: one thread adds and finishes.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ahenk/progress.h"
#include "ahenk/text/minhash.h"

namespace ahenk::text {

enum class KeepPolicy { First, Longest, MostRecent };

// Parses "first", "longest", "recent"; throws std::invalid_argument otherwise.
KeepPolicy parse_keep_policy(const std::string& name);

struct DedupOptions {
  MinHashOptions minhash;
  double threshold = 0.8;  // Jaccard at which a verified pair is a near duplicate
  bool exact = true;
  bool near = true;
  bool verify = true;
  KeepPolicy keep = KeepPolicy::First;
  std::size_t giant_cluster = 1000;
  unsigned threads = 1;  // threads that verify pairs and peel clusters
  // Text bytes of the documents whose shingles and signatures finish() holds at once, a window of
  // candidate pairs at a time (about 2.3 times that in memory, bench/RESULTS.md).
  std::uint64_t window_bytes = 32ull << 20;
};

struct CandidatePair {
  std::uint32_t a = 0, b = 0;  // document indexes, a < b (the bands whose buckets they share:
                               // Deduplicator::collided_bands)
  double estimated = 0;        // from the MinHash signatures
  double exact = -1;           // exact shingle Jaccard; -1 when not verified
  // When verified: the distinct shingles the two share, and the positions in a's text
  // (ShingleText::shingle of a's text) of the first `samples` of them, in a's order.
  static constexpr std::size_t kSample = 5;
  std::uint32_t shared = 0;
  std::uint8_t samples = 0;
  std::array<std::uint32_t, kSample> sample_at{};
  bool exact_duplicate = false;
  bool joined = false;  // the pair linked its documents into a cluster
};

struct ClusterMember {
  std::uint32_t index = 0;
  double jaccard = 1;  // to the kept document (exact when verified, else estimated)
};

struct Cluster {
  std::uint32_t id = 0;
  std::uint32_t kept = 0;
  std::vector<ClusterMember> members;  // the kept document first
  bool giant = false;
  bool split = false;  // members were split off because they did not match the kept document
};

struct Removal {
  std::uint32_t index = 0;
  std::uint32_t duplicate_of = 0;
  double jaccard = 1;
  bool exact_duplicate = false;
  std::uint32_t cluster = 0;
};

struct DedupResult {
  std::vector<Cluster> clusters;  // of two or more documents, by kept index
  std::vector<CandidatePair> pairs;
  std::vector<Removal> removed;  // by index
  std::uint64_t documents = 0;
  std::uint64_t exact_duplicates = 0;
  std::uint64_t near_duplicates = 0;
};

class Deduplicator {
 public:
  using TextOf = std::function<std::string(std::uint32_t)>;

  explicit Deduplicator(const DedupOptions& options = {});
  const MinHasher& hasher() const { return hasher_; }

  // Adds document `index` (indexes strictly increasing). `bytes` and `timestamp` serve the keep
  // policies "longest" and "recent".
  void add(std::uint32_t index, std::string_view text, std::uint64_t timestamp = 0);
  // The same with the sketch already computed (hasher().sketch(text), in any thread).
  void add(std::uint32_t index, const Sketch& sketch, std::uint64_t bytes, std::uint64_t timestamp);
  // Decides. `text_of(i)` returns the text of document i as it was added; it is called only for
  // documents of candidate pairs and clusters, from `threads` threads at once, and maybe more than
  // once for a document (each window makes its own signatures and shingles).
  DedupResult finish(const TextOf& text_of, ProgressSink* progress = nullptr,
                     const CancelToken* cancel = nullptr);
  // The bands in which documents a and b fall in the same LSH bucket (empty for exact duplicates,
  // which have no buckets of their own).
  std::vector<int> collided_bands(std::uint32_t a, std::uint32_t b) const;

 private:
  struct Info {
    std::uint64_t bytes = 0;
    std::uint64_t timestamp = 0;
    std::uint32_t slot = UINT32_MAX;  // its band keys (an exact duplicate's are the first's)
  };

  DedupOptions options_;
  MinHasher hasher_;
  std::vector<std::uint32_t> order_;  // indexes in the order added (increasing)
  std::vector<Info> infos_;           // per position in order_
  std::uint32_t position_of(std::uint32_t index) const;
  // The LSH band keys of each distinct document, in fixed blocks (a growing vector would copy them
  // all, twice the memory at once). Signatures are not kept: finish() makes those a pair needs
  // again from the texts.
  static constexpr std::size_t kSlotsPerBlock = 4096;
  std::vector<std::unique_ptr<std::uint64_t[]>> key_blocks_;
  std::vector<std::uint32_t> slot_owner_;  // slot -> document index
  const std::uint64_t* keys_at(std::uint32_t slot) const;
  std::unordered_map<std::uint64_t, std::uint32_t> exact_first_;  // text key -> first index
  std::vector<CandidatePair> exact_pairs_;
};

}  // namespace ahenk::text
