// The parallel (Blelloch) scan behind Mamba's selective scan. A step of the recurrence
// h_t = a_t h_{t-1} + b_t is the affine map h -> a h + b; maps compose associatively, so the states
// of a long sequence can be computed in O(log n) parallel rounds: an up-sweep that combines pairs
// of neighbours into a tree of partial compositions, and a down-sweep that hands every element the
// composition of everything before it (an exclusive scan).
//
//   std::vector<ahenk::tensor::Affine<float>> chunks = ...;   // one map per chunk of the sequence
//   ahenk::tensor::blelloch_exclusive(chunks);               // chunks[i] = maps 0..i-1 composed
//   float carry_in = chunks[i].b;                            // state entering chunk i (h_-1 = 0)
//
// The CPU backend scans chunks of the sequence in parallel this way (cpu_sequence.cpp);
// trace_linear_scan records every round on a short sequence so the GUI can animate it.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace ahenk::tensor {

template <class F>
struct Affine {
  F a = F(1), b = F(0);  // h -> a h + b; the default is the identity
};
// "first p, then q".
template <class F>
Affine<F> compose(const Affine<F>& p, const Affine<F>& q) {
  return {q.a * p.a, q.a * p.b + q.b};
}

// One round of the scan: which element each combination read and wrote, and every value after it.
struct ScanRound {
  std::string phase;                       // "up-sweep" or "down-sweep"
  int level = 0;                           // distance between partners is 2^level
  std::vector<std::pair<int, int>> pairs;  // (left, right) indices combined in this round
  std::vector<Affine<double>> values;      // all (padded) elements after the round
};

// Exclusive scan in place: x[i] becomes x[0] then ... then x[i-1] (the identity for i = 0). Any n;
// padded with identities to a power of two. When `rounds` is non-null it receives each round.
template <class F>
void blelloch_exclusive(std::vector<Affine<F>>& x, std::vector<ScanRound>* rounds = nullptr) {
  const std::size_t n = x.size();
  if (n == 0) return;
  std::size_t size = 1;
  while (size < n) size <<= 1;
  x.resize(size);
  auto snapshot = [&](const char* phase, int level, std::vector<std::pair<int, int>> pairs) {
    if (rounds == nullptr) return;
    ScanRound r{phase, level, std::move(pairs), {}};
    for (const auto& e : x) r.values.push_back({double(e.a), double(e.b)});
    rounds->push_back(std::move(r));
  };
  int level = 0;
  for (std::size_t stride = 1; stride < size; stride <<= 1, ++level) {  // up-sweep
    std::vector<std::pair<int, int>> pairs;
    for (std::size_t i = 2 * stride - 1; i < size; i += 2 * stride) {
      x[i] = compose(x[i - stride], x[i]);
      pairs.emplace_back(int(i - stride), int(i));
    }
    snapshot("up-sweep", level, std::move(pairs));
  }
  x[size - 1] = Affine<F>{};
  for (std::size_t stride = size / 2; stride >= 1; stride >>= 1) {  // down-sweep
    --level;
    std::vector<std::pair<int, int>> pairs;
    for (std::size_t i = 2 * stride - 1; i < size; i += 2 * stride) {
      Affine<F> left = x[i - stride];
      x[i - stride] = x[i];        // the prefix before this subtree
      x[i] = compose(x[i], left);  // ... then the left subtree
      pairs.emplace_back(int(i - stride), int(i));
    }
    snapshot("down-sweep", level, std::move(pairs));
    if (stride == 1) break;
  }
  x.resize(n);
}

// A short linear recurrence scanned both ways, for teaching: the rounds of the parallel scan, the
// states it gives (h_t, inclusive of step t) and those of the plain sequential loop.
struct ScanTrace {
  std::vector<double> a, b;
  std::vector<ScanRound> rounds;
  std::vector<double> parallel, sequential;
  double max_difference = 0;
};
// Throws std::invalid_argument when a and b differ in length or are longer than 1024.
ScanTrace trace_linear_scan(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace ahenk::tensor
