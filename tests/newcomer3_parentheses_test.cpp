// Issue 22, "Typography", the loss of one sample: c·((a − y)²) printed its group's parentheses
// around a square that needs none. Texts written out by hand.
#include "render/spell.hpp"
#include "support/command.hpp"
#include "support/names.hpp"

#include <gtest/gtest.h>

#include <map>

namespace bptrace {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string symbols(const Formula& f) {
  return print_formula(f, Dialect::text, [](const Key& k, Place) { return canonical_name(k); });
}
std::string with_numbers(const Formula& f, const std::map<std::string, std::string>& numbers, Dialect d = Dialect::text) {
  return print_formula(f, d, [&](const Key& k, Place place) { return operand_text(numbers.at(canonical_name(k)), d, place); });
}
Formula r(const char* name) { return ref(key(name)); }

// 0.5·((a − y)²) is 0.5·(a − y)²: a square binds tighter than the product. The sum of two
// squares keeps its parentheses: 0.5·((a − y)² + (b − y)²).
TEST(NewcomerParentheses, ScaledSquareHasOnePair) {
  const Formula a = r("layer1.a[1]"), y = r("target.y[1]");
  const Formula one = math::scaled(Rational(1, 2), math::square(math::difference(a, y)));
  EXPECT_EQ(symbols(one), "0.5·(layer1.a[1] − target.y[1])²");
  EXPECT_EQ(with_numbers(one, {{"layer1.a[1]", "-0.9"}, {"target.y[1]", "0"}}), "0.5·(−0.9 − 0)²");
  EXPECT_EQ(with_numbers(one, {{"layer1.a[1]", "-0.9"}, {"target.y[1]", "0"}}, Dialect::latex),
            "0.5\\cdot (-0.9 - 0)^{2}");
  const Formula b = r("layer1.a[2]");
  const Formula two = math::scaled(Rational(1, 2), math::sum({math::square(math::difference(a, y)),
                                                              math::square(math::difference(b, y))}));
  EXPECT_EQ(symbols(two), "0.5·((layer1.a[1] − target.y[1])² + (layer1.a[2] − target.y[1])²)");
}

// A group around a single quantity adds nothing, but the quantity then stands at the group's
// place: a negative number as a factor keeps its own parentheses, 2·(−3), never 2·((−3)).
TEST(NewcomerParentheses, GroupOfOneQuantityStandsAtItsPlace) {
  const Formula a = r("layer1.a[1]");
  EXPECT_EQ(symbols(math::scaled(Rational(2), a)), "2·layer1.a[1]");
  EXPECT_EQ(with_numbers(math::scaled(Rational(2), a), {{"layer1.a[1]", "-3"}}), "2·(−3)");
  EXPECT_EQ(with_numbers(math::scaled(Rational(-1), a), {{"layer1.a[1]", "-3"}}), "−(−3)");
  // The group still parenthesises what binds loosely: −(a + b), and a power of a power.
  const Formula b = r("layer1.a[2]");
  EXPECT_EQ(symbols(math::scaled(Rational(-1), math::sum({a, b}))), "−(layer1.a[1] + layer1.a[2])");
  EXPECT_EQ(symbols(math::power(math::group(math::square(a)), 3)), "(layer1.a[1]²)^3");
  EXPECT_EQ(symbols(math::prefix(math::fn::log(), math::group(math::square(a)))), "log(layer1.a[1]²)");
}

// The batch per-sample losses of 001-3 (ReLU), as `run` prints them.
TEST(NewcomerParentheses, BatchSampleLossesOfTheActivationLessons) {
  auto r = test_support::run_bptrace("run 001-3-activation-relu");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "= 0.5·(a^[1](1)_1 − y^(1)_1)²")) << r.out;
  EXPECT_TRUE(contains(r.out, "= 0.5·(0 − 0)²")) << r.out;
  EXPECT_FALSE(contains(r.out, "((")) << r.out;
}

}  // namespace
}  // namespace bptrace
