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
// The exact endpoints of the enclosure.
Rational lower_bound(const Interval& x);
Rational upper_bound(const Interval& x);

// Raised when an enclosure is too wide to decide something (a sign, a branch): the caller
// retries the whole computation at a higher working precision.
struct NeedMorePrecision : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// -1, 0 or +1 when certain; 0 only for an exact zero interval. Throws NeedMorePrecision when the
// enclosure straddles zero.
int certain_sign(const Interval& x);

}  // namespace bptrace
