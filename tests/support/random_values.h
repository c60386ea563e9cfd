// Random test inputs shared by the kernel and gradient-check tests.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace ahenk::test {

// n values drawn from N(0, scale^2), element type F, from the caller's generator (seeded per test).
template <class F, class Rng>
std::vector<F> normal_values(std::int64_t n, Rng& rng, F scale = F(1)) {
  std::normal_distribution<F> normal(F(0), scale);
  std::vector<F> v(static_cast<std::size_t>(n));
  for (auto& x : v) x = normal(rng);
  return v;
}

}  // namespace ahenk::test
