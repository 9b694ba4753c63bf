#include "number/rational.hpp"

#include <cctype>
#include <cstdlib>

namespace bptrace {

namespace {

// Boost reads "0821" as octal: digits are decimal here, so strip the leading zeros.
Integer decimal_integer(const std::string& digits) {
  std::size_t first = digits.find_first_not_of('0');
  return first == std::string::npos ? Integer(0) : Integer(digits.substr(first));
}

struct Scanner {
  std::string_view text;
  std::size_t pos = 0;

  bool at_end() const { return pos == text.size(); }
  char peek() const { return at_end() ? '\0' : text[pos]; }
  bool accept(char c) {
    if (peek() != c) return false;
    ++pos;
    return true;
  }
  [[noreturn]] void fail(const std::string& expected) const {
    // The whole character, not its first byte: 'é', never a lone lead byte.
    const auto lead = static_cast<unsigned char>(peek());
    const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    std::string found = at_end() ? "end of number" : "'" + std::string(text.substr(pos, length)) + "'";
    throw NumberSyntaxError("expected " + expected + ", found " + found, pos);
  }
  std::string digits() {
    std::size_t start = pos;
    while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos;
    return std::string(text.substr(start, pos - start));
  }
};

Integer parse_integer_part(Scanner& s, bool& negative) {
  negative = s.accept('-');
  if (!negative) s.accept('+');
  std::string d = s.digits();
  if (d.empty()) s.fail("a digit");
  return decimal_integer(d);
}

}  // namespace

Rational pow10(int exponent) {
  Integer p = boost::multiprecision::pow(Integer(10), static_cast<unsigned>(std::abs(exponent)));
  return exponent < 0 ? Rational(Integer(1), p) : Rational(p);
}

long fraction_digits(const Rational& q) {
  auto digits = [](const Integer& n) {
    if (n == 0) return 1L;
    // floor(log10 n) + 1 lies between these for 2^msb <= |n| < 2^(msb+1); take the larger.
    return static_cast<long>(static_cast<double>(boost::multiprecision::msb(abs(n)) + 1) * 0.30102999566398120) + 1;
  };
  return digits(boost::multiprecision::numerator(q)) + digits(boost::multiprecision::denominator(q));
}

Rational parse_rational(std::string_view text) {
  Scanner s{text};
  bool negative = false;
  Integer whole = parse_integer_part(s, negative);
  if (s.accept('/')) {
    std::string den = s.digits();
    if (den.empty()) s.fail("a denominator");
    if (!s.at_end()) s.fail("end of fraction");
    Integer d = decimal_integer(den);
    if (d == 0) throw NumberSyntaxError("fraction with zero denominator", s.pos - den.size());
    Rational r(whole, d);
    return negative ? Rational(-r) : r;
  }
  Rational value(whole);
  if (s.accept('.')) {
    std::string frac = s.digits();
    if (frac.empty()) s.fail("a digit after the decimal point");
    value += Rational(decimal_integer(frac)) * pow10(-static_cast<int>(frac.size()));
  }
  if (s.accept('e') || s.accept('E')) {
    bool exp_negative = s.accept('-');
    if (!exp_negative) s.accept('+');
    std::string e = s.digits();
    if (e.empty()) s.fail("an exponent");
    if (e.size() > 4) throw NumberSyntaxError("exponent too large", s.pos - e.size());
    int exponent = std::stoi(e);
    value *= pow10(exp_negative ? -exponent : exponent);
  }
  if (!s.at_end()) s.fail("a digit, '.', 'e' or end of number");
  return negative ? Rational(-value) : value;
}

int decimal_places(std::string_view text) {
  int places = 0;
  std::size_t point = text.find('.');
  std::size_t exp = text.find_first_of("eE");
  if (point != std::string_view::npos) {
    std::size_t end = exp == std::string_view::npos ? text.size() : exp;
    places = static_cast<int>(end - point - 1);
  }
  if (exp != std::string_view::npos) places -= std::stoi(std::string(text.substr(exp + 1)));
  return places;
}

}  // namespace bptrace
