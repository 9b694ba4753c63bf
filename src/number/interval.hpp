#pragma once
// Certified enclosures: MPFI intervals through Boost.Multiprecision. An Interval provably
// contains the true value; its width shrinks as the working precision rises.
#include "number/rational.hpp"

#include <boost/multiprecision/mpfi.hpp>

namespace bptrace {

using Interval = boost::multiprecision::number<boost::multiprecision::mpfi_float_backend<0>,
                                               boost::multiprecision::et_off>;

// Sets the working precision (decimal digits) of every Interval created in its scope.
class WorkingPrecision {
 public:
  explicit WorkingPrecision(unsigned digits10);
  ~WorkingPrecision();
  WorkingPrecision(const WorkingPrecision&) = delete;
  WorkingPrecision& operator=(const WorkingPrecision&) = delete;
  static unsigned current();

 private:
  unsigned previous_;
};

Interval to_interval(const Rational& q);
// The exact endpoints of the enclosure; past kExactExponent, bounds of it (see above).
Rational lower_bound(const Interval& x);
Rational upper_bound(const Interval& x);

// Raised when an enclosure is too wide to decide something (a sign, a branch): the caller
// retries the whole computation at a higher working precision.
struct NeedMorePrecision : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// An enclosure with both ends finite. Past MPFR's exponent range (2^±(2^62 − 1): the documented
// bound of certified values) a result overflows to an unbounded enclosure; one that underflows
// stays bounded, between 0 and the smallest positive number.
bool is_bounded(const Interval& x);

// An end too far from 1 to become an exact fraction cheaply (binary exponent past ±kExactExponent:
// a fraction of over 10^6 bits). Printing and lies_within never ask for one; lower_bound and
// upper_bound move it outward (a tiny end to 0 or ±2^−kExactExponent, a huge end toward 0 to
// ±2^kExactExponent), so the fractions still enclose the value; a huge end outward (the upper end
// of a value above 2^kExactExponent) has no such fraction and raises this error.
inline constexpr long kExactExponent = 1L << 20;
struct BeyondExactRange : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// softplus(z) = log(1 + e^z) without overflow: max(z, 0) + log1p(e^(−|z|)) at each end (softplus
// increases), so softplus(10^100) ≈ 10^100 and softplus(−10^9) ≈ e^(−10^9) are certified values.
Interval softplus_enclosure(const Interval& z);

// -1, 0 or +1 when certain; 0 only for an exact zero interval. Throws NeedMorePrecision when the
// enclosure straddles zero.
int certain_sign(const Interval& x);

}  // namespace bptrace
