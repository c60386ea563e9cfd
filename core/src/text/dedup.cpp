#include "ahenk/text/dedup.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <numeric>
#include <stdexcept>

#include "ahenk/message.h"

namespace ahenk::text {
namespace {

struct UnionFind {
  std::vector<std::uint32_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  std::uint32_t find(std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  // The smaller position becomes the root, so roots are deterministic.
  void unite(std::uint32_t a, std::uint32_t b) {
    a = find(a), b = find(b);
    if (a == b) return;
    if (b < a) std::swap(a, b);
    parent[b] = a;
  }
};

}  // namespace

KeepPolicy parse_keep_policy(const std::string& name) {
  if (name == "first") return KeepPolicy::First;
  if (name == "longest") return KeepPolicy::Longest;
  if (name == "recent") return KeepPolicy::MostRecent;
  throw InvalidArgument(
      QT_TRANSLATE_NOOP("Engine", "unknown keep policy '%1' (use first, longest or recent)"),
      {name});
}

Deduplicator::Deduplicator(const DedupOptions& options)
    : options_(options), hasher_(options.minhash) {
  if (options.threshold < 0 || options.threshold > 1) {
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "dedup threshold must be between 0 and 1"));
  }
}

void Deduplicator::add(std::uint32_t index, std::string_view text, std::uint64_t timestamp) {
  add(index, hasher_.sketch(text), text.size(), timestamp);
}

void Deduplicator::add(std::uint32_t index, const Sketch& sketch, std::uint64_t bytes,
                       std::uint64_t timestamp) {
  if (!order_.empty() && index <= order_.back()) {
    throw std::invalid_argument("dedup: document indexes must increase");
  }
  Info info;
  info.bytes = bytes;
  info.timestamp = timestamp;
  order_.push_back(index);
  if (options_.exact && sketch.exact_key != 0) {
    auto [it, inserted] = exact_first_.emplace(sketch.exact_key, index);
    if (!inserted) {
      // Same normalized words: no signature of its own, it shares the first one's.
      info.signature = info_.at(it->second).signature;
      CandidatePair pair;
      pair.a = it->second;
      pair.b = index;
      pair.estimated = 1;
      pair.exact = 1;
      pair.exact_duplicate = true;
      pair.joined = true;
      exact_pairs_.push_back(std::move(pair));
      info_.emplace(index, info);
      return;
    }
  }
  if (options_.near && !sketch.signature.empty()) {
    if (sketch.signature.size() != std::size_t(hasher_.num_hashes())) {
      throw std::invalid_argument("dedup: the sketch was made with other MinHash options");
    }
    const std::size_t slot = signature_owner_.size();
    const std::size_t k = sketch.signature.size();
    if (slot % kSignaturesPerBlock == 0)
      signature_blocks_.push_back(std::make_unique<std::uint32_t[]>(kSignaturesPerBlock * k));
    std::copy(sketch.signature.begin(), sketch.signature.end(),
              signature_blocks_.back().get() + (slot % kSignaturesPerBlock) * k);
    signature_owner_.push_back(index);
    info.signature = std::uint32_t(slot);
  }
  info_.emplace(index, info);
}

const std::vector<std::uint64_t>* Deduplicator::verified_shingles(std::uint32_t index) const {
  const auto it = shingle_cache_.find(index);
  return it == shingle_cache_.end() ? nullptr : &it->second;
}

const std::uint32_t* Deduplicator::signature_at(std::uint32_t slot) const {
  const std::size_t k = std::size_t(hasher_.num_hashes());
  return signature_blocks_[slot / kSignaturesPerBlock].get() + (slot % kSignaturesPerBlock) * k;
}

DedupResult Deduplicator::finish(const ShinglesOf& shingles_of, ProgressSink* progress,
                                 const CancelToken* cancel) {
  DedupResult result;
  result.documents = order_.size();
  const std::size_t k = std::size_t(hasher_.num_hashes());
  auto signature_of = [&](std::uint32_t index) -> const std::uint32_t* {
    const auto slot = info_.at(index).signature;
    return slot == UINT32_MAX ? nullptr : signature_at(slot);
  };
  auto estimate = [&](std::uint32_t a, std::uint32_t b) {
    const auto* sa = signature_of(a);
    const auto* sb = signature_of(b);
    if (!sa || !sb) return 0.0;
    std::size_t equal = 0;
    for (std::size_t i = 0; i < k; ++i) equal += sa[i] == sb[i];
    return double(equal) / double(k);
  };
  auto& shingle_cache = shingle_cache_;
  shingle_cache.clear();
  auto shingles = [&](std::uint32_t index) -> const std::vector<std::uint64_t>& {
    auto it = shingle_cache.find(index);
    if (it == shingle_cache.end()) it = shingle_cache.emplace(index, shingles_of(index)).first;
    return it->second;
  };

  // 1. Candidate pairs: members of an LSH bucket link to the bucket's first member.
  std::vector<BucketEntry> buckets;
  buckets.reserve(signature_owner_.size() * std::size_t(options_.minhash.bands));
  for (std::uint32_t slot = 0; slot < signature_owner_.size(); ++slot) {
    for (int band = 0; band < options_.minhash.bands; ++band) {
      buckets.push_back({hasher_.band_key(signature_at(slot), band), signature_owner_[slot],
                         std::uint16_t(band)});
    }
  }
  std::sort(buckets.begin(), buckets.end(), [](const BucketEntry& x, const BucketEntry& y) {
    return std::tie(x.band, x.key, x.index) < std::tie(y.band, y.key, y.index);
  });
  std::vector<std::pair<std::uint64_t, int>> raw;  // (a << 32 | b, band)
  for (std::size_t i = 0; i < buckets.size();) {
    std::size_t j = i + 1;
    while (j < buckets.size() && buckets[j].band == buckets[i].band &&
           buckets[j].key == buckets[i].key) {
      raw.emplace_back(std::uint64_t(buckets[i].index) << 32 | buckets[j].index, buckets[i].band);
      ++j;
    }
    i = j;
  }
  std::vector<BucketEntry>().swap(buckets);  // freed before verification needs memory
  std::sort(raw.begin(), raw.end());
  for (std::size_t i = 0; i < raw.size();) {
    CandidatePair pair;
    pair.a = std::uint32_t(raw[i].first >> 32);
    pair.b = std::uint32_t(raw[i].first);
    while (i < raw.size() && raw[i].first == (std::uint64_t(pair.a) << 32 | pair.b)) {
      pair.bands.push_back(raw[i].second);
      ++i;
    }
    pair.estimated = estimate(pair.a, pair.b);
    result.pairs.push_back(std::move(pair));
  }

  // 2. Verification. The shingles of every document in a pair are made first, on all threads.
  const unsigned threads = std::max(1u, std::min<unsigned>(options_.threads, 64));
  // Runs body(i) for i in [0, n) on all threads; the first exception is rethrown.
  auto parallel_for = [&](std::size_t n, const std::function<void(std::size_t)>& body) {
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto work = [&] {
      try {
        for (std::size_t i; (i = next++) < n;) {
          if (cancel && cancel->cancelled()) throw Cancelled();
          body(i);
        }
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        next = n;
      }
    };
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads && t < n; ++t) helpers.emplace_back(work);
    work();
    for (auto& h : helpers) h.join();
    if (error) std::rethrow_exception(error);
  };
  // Makes the shingles of the documents not yet in the cache, on all threads.
  auto make_shingles = [&](std::vector<std::uint32_t> documents) {
    std::sort(documents.begin(), documents.end());
    documents.erase(std::unique(documents.begin(), documents.end()), documents.end());
    documents.erase(std::remove_if(documents.begin(), documents.end(),
                                   [&](std::uint32_t d) { return shingle_cache.count(d) > 0; }),
                    documents.end());
    std::vector<std::vector<std::uint64_t>> made(documents.size());
    parallel_for(documents.size(), [&](std::size_t i) { made[i] = shingles_of(documents[i]); });
    if (progress) progress->report({"shingles", documents.size(), documents.size(), "documents"});
    for (std::size_t i = 0; i < documents.size(); ++i)
      shingle_cache.emplace(documents[i], std::move(made[i]));
  };
  if (options_.verify && !result.pairs.empty()) {
    std::vector<std::uint32_t> documents;
    for (const auto& pair : result.pairs) documents.push_back(pair.a), documents.push_back(pair.b);
    make_shingles(std::move(documents));
  }
  std::uint64_t done = 0;
  for (auto& pair : result.pairs) {
    throw_if_cancelled(cancel);
    if (options_.verify) {
      pair.exact = exact_jaccard(shingles(pair.a), shingles(pair.b));
      pair.joined = pair.exact >= options_.threshold;
    } else {
      pair.joined = true;
    }
    if (progress && (++done % 256 == 0))
      progress->report({"verify", done, result.pairs.size(), "pairs"});
  }
  result.pairs.insert(result.pairs.end(), exact_pairs_.begin(), exact_pairs_.end());
  std::sort(result.pairs.begin(), result.pairs.end(),
            [](const CandidatePair& x, const CandidatePair& y) {
              return std::tie(x.a, x.b) < std::tie(y.a, y.b);
            });

  // 3. Clusters.
  std::unordered_map<std::uint32_t, std::uint32_t> position;
  for (std::uint32_t p = 0; p < order_.size(); ++p) position[order_[p]] = p;
  UnionFind uf(order_.size());
  for (const auto& pair : result.pairs) {
    if (pair.joined) uf.unite(position.at(pair.a), position.at(pair.b));
  }
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> groups;
  for (std::uint32_t p = 0; p < order_.size(); ++p) {
    groups[uf.find(p)].push_back(order_[p]);
  }
  auto better = [&](std::uint32_t x, std::uint32_t y) {  // x is kept over y
    const Info& a = info_.at(x);
    const Info& b = info_.at(y);
    switch (options_.keep) {
      case KeepPolicy::Longest:
        if (a.bytes != b.bytes) return a.bytes > b.bytes;
        break;
      case KeepPolicy::MostRecent:
        if (a.timestamp != b.timestamp) return a.timestamp > b.timestamp;
        break;
      case KeepPolicy::First:
        break;
    }
    return x < y;
  };
  // Peel off clusters: the best document keeps the members similar enough to it; the rest are
  // clustered again. Groups are independent, so they are peeled on all threads, reading the
  // shingles made beforehand.
  auto make_clusters = [&](std::vector<std::uint32_t> members, std::vector<Cluster>& out) {
    bool split = false;
    while (members.size() >= 2) {
      const auto kept = *std::min_element(members.begin(), members.end(),
                                          [&](auto x, auto y) { return better(x, y); });
      Cluster cluster;
      cluster.kept = kept;
      cluster.members.push_back({kept, 1.0});
      std::vector<std::uint32_t> rest;
      for (const auto m : members) {
        if (m == kept) continue;
        const double j = options_.verify
                             ? exact_jaccard(shingle_cache.at(kept), shingle_cache.at(m))
                             : estimate(kept, m);
        if (!options_.verify || j >= options_.threshold) {
          cluster.members.push_back({m, j});
        } else {
          rest.push_back(m);
        }
      }
      cluster.split = split || !rest.empty();
      // A kept document that matched nobody leaves alone; the others are clustered again.
      if (cluster.members.size() >= 2) out.push_back(std::move(cluster));
      members = std::move(rest);
      split = true;
    }
  };
  std::vector<std::uint32_t> roots;
  for (const auto& [root, members] : groups) {
    if (members.size() >= 2) roots.push_back(root);
  }
  std::sort(roots.begin(), roots.end());
  if (options_.verify) {
    std::vector<std::uint32_t> members;
    for (const auto root : roots)
      members.insert(members.end(), groups.at(root).begin(), groups.at(root).end());
    make_shingles(std::move(members));  // exact duplicates joined without verification
  }
  std::vector<std::vector<Cluster>> found(roots.size());
  parallel_for(roots.size(), [&](std::size_t r) { make_clusters(groups.at(roots[r]), found[r]); });
  std::vector<Cluster> clusters;
  for (auto& f : found)
    for (auto& c : f) clusters.push_back(std::move(c));
  std::sort(clusters.begin(), clusters.end(),
            [](const Cluster& x, const Cluster& y) { return x.kept < y.kept; });
  std::unordered_map<std::uint64_t, bool> exact_pair;
  for (const auto& p : exact_pairs_) exact_pair[std::uint64_t(p.a) << 32 | p.b] = true;
  for (std::uint32_t id = 0; id < clusters.size(); ++id) {
    auto& cluster = clusters[id];
    cluster.id = id;
    cluster.giant = cluster.members.size() > options_.giant_cluster;
    std::sort(cluster.members.begin() + 1, cluster.members.end(),
              [](const ClusterMember& x, const ClusterMember& y) { return x.index < y.index; });
    for (std::size_t m = 1; m < cluster.members.size(); ++m) {
      Removal removal;
      removal.index = cluster.members[m].index;
      removal.duplicate_of = cluster.kept;
      removal.jaccard = cluster.members[m].jaccard;
      const auto a = std::min(removal.index, removal.duplicate_of);
      const auto b = std::max(removal.index, removal.duplicate_of);
      removal.exact_duplicate = exact_pair.count(std::uint64_t(a) << 32 | b) > 0;
      removal.cluster = id;
      (removal.exact_duplicate ? result.exact_duplicates : result.near_duplicates)++;
      result.removed.push_back(removal);
    }
  }
  std::sort(result.removed.begin(), result.removed.end(),
            [](const Removal& x, const Removal& y) { return x.index < y.index; });
  result.clusters = std::move(clusters);
  if (progress) progress->finish();
  return result;
}

}  // namespace ahenk::text
