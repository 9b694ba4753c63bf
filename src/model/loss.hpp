#pragma once
// Losses, with their constant always explicit:
//   L = constant · R_batch over samples of R_outputs over outputs k of term(a_k, y_k)
// where R is a sum or a mean. So ½Σ(ŷ−y)² is squared_error with constant 1/2 and sums;
// 1/(2n)Σ over a batch is constant 1/2 with a batch mean.
#include "model/source_location.hpp"
#include "ops/loss_term.hpp"
#include "number/rational.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bptrace {

enum class Reduction { sum, mean };

struct Loss {
  LossKind kind = LossKind::squared_error;
  Rational constant{1};
  Reduction over_outputs = Reduction::sum;
  Reduction over_batch = Reduction::sum;
  Rational derivative_at_zero{0};  // absolute_error: the value of sign'(0) the lesson chooses
  SourceLocation where;
};

std::string loss_name(LossKind kind);
std::optional<LossKind> loss_from_name(const std::string& name);
std::vector<std::string> loss_names();
std::string reduction_name(Reduction r);

}  // namespace bptrace
