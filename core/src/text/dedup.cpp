#include "ahenk/text/dedup.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <numeric>
#include <stdexcept>
#include <unordered_set>

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
  if (options_.exact && sketch.exact_key != 0) {
    auto [it, inserted] = exact_first_.emplace(sketch.exact_key, index);
    if (!inserted) {
      // Same normalized words: no band keys of its own, it shares the first one's.
      info.slot = infos_[position_of(it->second)].slot;
      CandidatePair pair;
      pair.a = it->second;
      pair.b = index;
      pair.estimated = 1;
      pair.exact = 1;
      pair.exact_duplicate = true;
      pair.joined = true;
      exact_pairs_.push_back(std::move(pair));
      order_.push_back(index);
      infos_.push_back(info);
      return;
    }
  }
  if (options_.near && !sketch.signature.empty()) {
    if (sketch.signature.size() != std::size_t(hasher_.num_hashes())) {
      throw std::invalid_argument("dedup: the sketch was made with other MinHash options");
    }
    const std::size_t slot = slot_owner_.size();
    const std::size_t bands = std::size_t(options_.minhash.bands);
    if (slot % kSlotsPerBlock == 0)
      key_blocks_.push_back(std::make_unique<std::uint64_t[]>(kSlotsPerBlock * bands));
    std::uint64_t* keys = key_blocks_.back().get() + (slot % kSlotsPerBlock) * bands;
    for (std::size_t band = 0; band < bands; ++band)
      keys[band] = hasher_.band_key(sketch.signature.data(), int(band));
    slot_owner_.push_back(index);
    info.slot = std::uint32_t(slot);
  }
  order_.push_back(index);
  infos_.push_back(info);
}

std::uint32_t Deduplicator::position_of(std::uint32_t index) const {
  const auto it = std::lower_bound(order_.begin(), order_.end(), index);
  if (it == order_.end() || *it != index) throw std::out_of_range("dedup: unknown document index");
  return std::uint32_t(it - order_.begin());
}

const std::uint64_t* Deduplicator::keys_at(std::uint32_t slot) const {
  const std::size_t bands = std::size_t(options_.minhash.bands);
  return key_blocks_[slot / kSlotsPerBlock].get() + (slot % kSlotsPerBlock) * bands;
}

std::vector<int> Deduplicator::collided_bands(std::uint32_t a, std::uint32_t b) const {
  std::vector<int> out;
  const auto sa = infos_[position_of(a)].slot, sb = infos_[position_of(b)].slot;
  if (sa == UINT32_MAX || sb == UINT32_MAX || sa == sb) return out;
  const auto* ka = keys_at(sa);
  const auto* kb = keys_at(sb);
  for (int band = 0; band < options_.minhash.bands; ++band)
    if (ka[band] == kb[band]) out.push_back(band);
  return out;
}

DedupResult Deduplicator::finish(const TextOf& text_of, ProgressSink* progress,
                                 const CancelToken* cancel) {
  DedupResult result;
  result.documents = order_.size();
  auto info_of = [&](std::uint32_t index) -> const Info& { return infos_[position_of(index)]; };

  // 1. Candidate pairs: members of an LSH bucket link to the bucket's first member. One band's
  // keys at a time, so that only one band's entries are in memory.
  std::vector<std::uint64_t> raw;  // a << 32 | b, once per band that linked them
  {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> bucket;  // (key, index)
    bucket.reserve(slot_owner_.size());
    for (int band = 0; band < options_.minhash.bands; ++band) {
      throw_if_cancelled(cancel);
      bucket.clear();
      for (std::uint32_t slot = 0; slot < slot_owner_.size(); ++slot)
        bucket.emplace_back(keys_at(slot)[band], slot_owner_[slot]);
      std::sort(bucket.begin(), bucket.end());
      for (std::size_t i = 0; i < bucket.size();) {
        std::size_t j = i + 1;
        for (; j < bucket.size() && bucket[j].first == bucket[i].first; ++j)
          raw.push_back(std::uint64_t(bucket[i].second) << 32 | bucket[j].second);
        i = j;
      }
    }
  }
  std::sort(raw.begin(), raw.end());
  raw.erase(std::unique(raw.begin(), raw.end()), raw.end());
  result.pairs.reserve(raw.size() + exact_pairs_.size());  // exactly: no doubling
  for (const auto ab : raw) {
    CandidatePair pair;
    pair.a = std::uint32_t(ab >> 32);
    pair.b = std::uint32_t(ab);
    result.pairs.push_back(pair);
  }
  std::vector<std::uint64_t>().swap(raw);

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
  // What a window needs of some documents, made from their texts on all threads: the signature
  // (for the estimate) and, when verifying, the placed shingles; looked up by index.
  struct Made {
    std::vector<std::uint32_t> signature;
    PlacedShingles shingles;
  };
  struct MadeSet {
    std::vector<std::uint32_t> documents;  // sorted
    std::vector<Made> made;
    const Made& of(std::uint32_t index) const {
      return made[std::size_t(std::lower_bound(documents.begin(), documents.end(), index) -
                              documents.begin())];
    }
  };
  auto make = [&](std::vector<std::uint32_t> documents) {
    MadeSet set;
    std::sort(documents.begin(), documents.end());
    documents.erase(std::unique(documents.begin(), documents.end()), documents.end());
    set.made.resize(documents.size());
    set.documents = std::move(documents);
    parallel_for(set.documents.size(), [&](std::size_t i) {
      const std::string text = text_of(set.documents[i]);
      Made& m = set.made[i];
      if (options_.verify) {
        m.shingles = hasher_.placed_shingles(text);
        // The same minimums as the sketch's: the same shingles, without their repeats.
        if (!m.shingles.hashes.empty()) m.signature = hasher_.signature(m.shingles.hashes);
      } else {
        m.signature = hasher_.sketch(text).signature;
      }
    });
    return set;
  };
  const std::uint64_t window = std::max<std::uint64_t>(options_.window_bytes, 1);

  // 2. A window of pairs at a time: its documents' texts read back and their signatures (and
  // shingles, when verifying) made, its pairs estimated (and verified), all on all threads; then
  // what was made is freed. Memory holds band keys per document, never signatures or shingles of
  // the whole corpus.
  std::uint64_t done = 0;
  for (std::size_t begin = 0; begin < result.pairs.size();) {
    throw_if_cancelled(cancel);
    std::vector<std::uint32_t> documents;
    std::unordered_set<std::uint32_t> in_window;
    std::uint64_t bytes = 0;
    std::size_t end = begin;
    for (; end < result.pairs.size(); ++end) {
      const auto& pair = result.pairs[end];
      std::uint64_t more = 0;
      for (const auto d : {pair.a, pair.b})
        if (!in_window.count(d)) more += info_of(d).bytes;
      if (end > begin && bytes + more > window) break;
      for (const auto d : {pair.a, pair.b})
        if (in_window.insert(d).second) documents.push_back(d);
      bytes += more;
    }
    const MadeSet set = make(std::move(documents));
    parallel_for(end - begin, [&](std::size_t i) {
      thread_local std::vector<std::uint32_t> first;
      auto& pair = result.pairs[begin + i];
      const Made& a = set.of(pair.a);
      const Made& b = set.of(pair.b);
      pair.estimated = estimate_jaccard(a.signature, b.signature);
      if (!options_.verify) {
        pair.joined = true;
        return;
      }
      const auto& bh = b.shingles.hashes;
      const std::size_t common = shared_shingles(a.shingles, bh, CandidatePair::kSample, &first);
      pair.exact = jaccard_of(common, a.shingles.hashes.size(), bh.size());
      pair.joined = pair.exact >= options_.threshold;
      pair.shared = std::uint32_t(common);
      pair.samples = std::uint8_t(first.size());
      std::copy(first.begin(), first.end(), pair.sample_at.begin());
    });
    done += end - begin;
    if (progress)
      progress->report(
          {options_.verify ? "verify" : "estimate", done, result.pairs.size(), "pairs"});
    begin = end;
  }
  result.pairs.insert(result.pairs.end(), exact_pairs_.begin(), exact_pairs_.end());
  std::sort(result.pairs.begin(), result.pairs.end(),
            [](const CandidatePair& x, const CandidatePair& y) {
              return std::tie(x.a, x.b) < std::tie(y.a, y.b);
            });

  // 3. Clusters: union-find over positions, then the groups of two or more documents.
  UnionFind uf(order_.size());
  for (const auto& pair : result.pairs) {
    if (pair.joined) uf.unite(position_of(pair.a), position_of(pair.b));
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> grouped;  // (root, index)
  {
    std::vector<std::uint32_t> size(order_.size(), 0);
    for (std::uint32_t p = 0; p < order_.size(); ++p) ++size[uf.find(p)];
    for (std::uint32_t p = 0; p < order_.size(); ++p) {
      const auto root = uf.find(p);
      if (size[root] >= 2) grouped.emplace_back(root, order_[p]);
    }
  }
  std::stable_sort(grouped.begin(), grouped.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::pair<std::size_t, std::size_t>> groups;  // ranges of `grouped`, by root
  for (std::size_t i = 0; i < grouped.size();) {
    std::size_t j = i;
    while (j < grouped.size() && grouped[j].first == grouped[i].first) ++j;
    groups.emplace_back(i, j);
    i = j;
  }
  auto better = [&](std::uint32_t x, std::uint32_t y) {  // x is kept over y
    const Info& a = info_of(x);
    const Info& b = info_of(y);
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
  // clustered again. The Jaccard of a verified pair (or its estimate, without verification; 1 for
  // exact duplicates) is looked up; for any other pair the shingles (or signatures) are made from
  // the texts then, and held only while its group is peeled. Groups are independent, so they are
  // peeled on all threads.
  auto find_pair = [&](std::uint32_t x, std::uint32_t y) -> const CandidatePair* {
    const auto a = std::min(x, y), b = std::max(x, y);
    const auto it = std::lower_bound(
        result.pairs.begin(), result.pairs.end(), std::make_pair(a, b),
        [](const CandidatePair& p, const std::pair<std::uint32_t, std::uint32_t>& key) {
          return std::make_pair(p.a, p.b) < key;
        });
    return it != result.pairs.end() && it->a == a && it->b == b ? &*it : nullptr;
  };
  auto make_clusters = [&](std::vector<std::uint32_t> members, std::vector<Cluster>& out) {
    std::unordered_map<std::uint32_t, std::vector<std::uint64_t>> shingles;
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> signatures;
    auto similarity = [&](std::uint32_t x, std::uint32_t y) {
      if (const auto* pair = find_pair(x, y))
        return options_.verify ? pair->exact : pair->estimated;
      if (options_.verify) {
        for (const auto d : {x, y})
          if (!shingles.count(d)) shingles.emplace(d, hasher_.shingles(text_of(d)));
        return exact_jaccard(shingles.at(x), shingles.at(y));
      }
      for (const auto d : {x, y})
        if (!signatures.count(d)) signatures.emplace(d, hasher_.sketch(text_of(d)).signature);
      return estimate_jaccard(signatures.at(x), signatures.at(y));
    };
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
        const double j = similarity(kept, m);
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
  std::vector<std::vector<Cluster>> found(groups.size());
  parallel_for(groups.size(), [&](std::size_t g) {
    std::vector<std::uint32_t> members;
    for (std::size_t m = groups[g].first; m < groups[g].second; ++m)
      members.push_back(grouped[m].second);
    make_clusters(std::move(members), found[g]);
  });
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
