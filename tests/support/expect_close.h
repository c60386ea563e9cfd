// Element-wise closeness of a fast kernel's output to the reference's: |a - b| <= atol + rtol |b|,
// reporting the first five misses (shared by the kernel tests).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace ahenk::test {

inline void expect_close(const std::vector<float>& fast, const std::vector<float>& ref,
                         const char* what, float atol = 2e-5f, float rtol = 2e-4f) {
  ASSERT_EQ(fast.size(), ref.size());
  int reported = 0;
  for (std::size_t i = 0; i < fast.size(); ++i)
    if (!(std::abs(fast[i] - ref[i]) <= atol + rtol * std::abs(ref[i])) && reported++ < 5)
      ADD_FAILURE() << what << "[" << i << "]: fast " << fast[i] << " reference " << ref[i];
}

}  // namespace ahenk::test
