// The teaching trace of the parallel scan (ahenk/tensor/scan.h).
#include "ahenk/tensor/scan.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ahenk::tensor {

ScanTrace trace_linear_scan(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) throw std::invalid_argument("scan trace: a and b differ in length");
  if (a.size() > 1024) throw std::invalid_argument("scan trace: at most 1024 steps");
  ScanTrace trace;
  trace.a = a;
  trace.b = b;
  std::vector<Affine<double>> x(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) x[i] = {a[i], b[i]};
  std::vector<Affine<double>> prefix = x;
  blelloch_exclusive(prefix, &trace.rounds);
  double h = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    trace.parallel.push_back(compose(prefix[i], x[i]).b);  // exclusive prefix, then step i
    h = a[i] * h + b[i];
    trace.sequential.push_back(h);
    trace.max_difference =
        std::max(trace.max_difference, std::abs(trace.parallel.back() - trace.sequential.back()));
  }
  return trace;
}

}  // namespace ahenk::tensor
