#include "graph/expression.hpp"

#include <cctype>
#include <optional>

namespace bptrace {

namespace {

constexpr int kMaxExponent = 1000;

// A list longer than this is not a lesson's softmax or logsumexp.
constexpr std::size_t kMaxArguments = 10000;

struct Function {
  const char* name;
  Operation op;
  std::size_t arguments;  // how many it takes; 0: a list of one or more
};
constexpr Function kFunctions[] = {
    {"exp", Operation::exp, 1},        {"log", Operation::log, 1},         {"sigmoid", Operation::sigmoid, 1},
    {"tanh", Operation::tanh, 1},      {"relu", Operation::relu, 1},       {"softplus", Operation::softplus, 1},
    {"abs", Operation::abs, 1},        {"max", Operation::max, 2},         {"min", Operation::min, 2},
    {"logsumexp", Operation::logsumexp, 0}, {"softmax", Operation::softmax, 0},
};

std::string function_list() {
  std::string out;
  for (const Function& f : kFunctions) out += std::string(out.empty() ? "" : ", ") + f.name;
  return out;
}

// Binding powers: + − < * / < unary minus < ^ (so -x^2 = -(x^2), and 2*x^3 = 2*(x^3)).
constexpr int kSum = 10, kProduct = 20, kUnary = 30, kPower = 40;

bool is_identifier_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

Expression constant(Rational q, std::string literal, std::size_t offset) {
  Expression e;
  e.op = Operation::constant;
  e.number = std::move(q);
  e.literal = std::move(literal);
  e.offset = offset;
  return e;
}

bool is_rational_constant(const Expression& e) { return e.op == Operation::constant && !e.is_pi; }
bool is_integer_constant(const Expression& e) {
  return is_rational_constant(e) && denominator(e.number) == 1;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Expression whole_expression() {
    Expression e = expression(0);
    skip_space();
    if (pos_ < text_.size()) fail_here(std::string("unexpected '") + text_[pos_] + "' after the expression");
    return e;
  }

  Definition definition() {
    skip_space();
    Definition d;
    d.name_offset = pos_;
    if (pos_ >= text_.size() || !is_identifier_start(text_[pos_]))
      fail_here("expected a definition 'name = expression'");
    d.name = variable_name();
    if (d.name == "pi") throw ExpressionError("'pi' is the constant π and cannot be defined", d.name_offset);
    skip_space();
    if (!take('=')) fail_here("expected '=' after the name " + d.name);
    d.value = whole_expression();
    return d;
  }

  std::string lone_variable() {
    skip_space();
    if (pos_ >= text_.size() || !is_identifier_start(text_[pos_])) fail_here("expected a variable name");
    std::size_t start = pos_;
    std::string name = variable_name();
    skip_space();
    if (pos_ < text_.size()) fail_here(std::string("unexpected '") + text_[pos_] + "' after the name");
    if (name == "pi") throw ExpressionError("'pi' is the constant π, not a variable", start);
    for (const Function& f : kFunctions)
      if (name == f.name) throw ExpressionError("'" + name + "' is a function, not a variable", start);
    return name;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int depth_ = 0;

  [[noreturn]] void fail_here(const std::string& message) const { throw ExpressionError(message, pos_); }
  [[noreturn]] void fail_too_deep() const {
    fail_here("expression nested too deeply (more than " + std::to_string(kMaxNesting) + " levels)");
  }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool take(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::optional<char> peek_operator() {
    skip_space();
    if (pos_ >= text_.size()) return std::nullopt;
    char c = text_[pos_];
    if (c == '+' || c == '-' || c == '*' || c == '/' || c == '^') return c;
    return std::nullopt;
  }

  // Pratt loop: a prefix, then infix operators binding at least as tightly as min_power.
  Expression expression(int min_power) {
    if (++depth_ > kMaxNesting) fail_too_deep();
    Expression left = prefix();
    while (auto op = peek_operator()) {
      int power = *op == '^' ? kPower : (*op == '*' || *op == '/') ? kProduct : kSum;
      if (power < min_power) break;
      std::size_t at = pos_++;
      // Left-associative operators bind their right side one level tighter; ^ is right-associative.
      Expression right = expression(*op == '^' ? kPower : power + 1);
      left = infix(*op, std::move(left), std::move(right), at);
    }
    --depth_;
    return left;
  }

  Expression prefix() {
    skip_space();
    if (pos_ >= text_.size()) fail_here("expected a number, a variable, a function or '(' here, found the end");
    std::size_t at = pos_;
    char c = text_[pos_];
    if (c == '-') {
      ++pos_;
      Expression operand = expression(kUnary);
      if (is_rational_constant(operand))  // a negative number is a number
        return constant(-operand.number, "-" + operand.literal, at);
      Expression e;
      e.op = Operation::negate;
      e.offset = at;
      e.operands.push_back(std::move(operand));
      return e;
    }
    if (c == '(') {
      ++pos_;
      Expression inner = expression(0);
      if (!take(')')) throw ExpressionError("expected ')' to close this '('", at);
      return inner;
    }
    if (is_digit(c) || c == '.') return number();
    if (is_identifier_start(c)) return identifier();
    fail_here(std::string("unexpected '") + c + "'; expected a number, a variable, a function or '('");
  }

  Expression number() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && (is_digit(text_[pos_]) || text_[pos_] == '.')) ++pos_;
    // An exponent only when a digit follows: "2e3" is 2000, and "2e" stays an error below.
    if (pos_ + 1 < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      std::size_t after = pos_ + 1;
      if (after < text_.size() && (text_[after] == '+' || text_[after] == '-')) ++after;
      if (after < text_.size() && is_digit(text_[after])) {
        pos_ = after;
        while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
      }
    }
    std::string literal(text_.substr(start, pos_ - start));
    if (pos_ < text_.size() && is_identifier_char(text_[pos_]))
      fail_here("a number must not run into a name (write 2*x, not 2x)");
    try {
      return constant(parse_rational(literal), literal, start);
    } catch (const NumberSyntaxError& e) {
      throw ExpressionError(std::string(e.what()) + " in the number \"" + literal + "\"", start + e.offset);
    }
  }

  std::string variable_name() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && is_identifier_char(text_[pos_])) ++pos_;
    std::string name(text_.substr(start, pos_ - start));
    std::size_t after_name = pos_;
    skip_space();
    if (pos_ >= text_.size() || text_[pos_] != '[') {
      pos_ = after_name;
      return name;
    }
    // An indexed name, W[1,2]: 1-based integer indices, kept canonical (no spaces).
    ++pos_;
    name += "[";
    for (bool first = true;; first = false) {
      skip_space();
      if (!first) name += ",";
      std::size_t digits = pos_;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
      if (pos_ == digits) fail_here("expected an index (a positive integer) in " + name);
      std::string index(text_.substr(digits, pos_ - digits));
      if (index.front() == '0') throw ExpressionError("indices start at 1 and have no leading zeros", digits);
      name += index;
      skip_space();
      if (take(']')) break;
      if (!take(',')) fail_here("expected ',' or ']' in the index of " + name.substr(0, name.find('[')));
    }
    return name + "]";
  }

  Expression identifier() {
    std::size_t at = pos_;
    std::string name = variable_name();
    if (name == "pi") {
      Expression e = constant(Rational(0), "pi", at);
      e.is_pi = true;
      return e;
    }
    for (const Function& f : kFunctions) {
      if (name != f.name) continue;
      if (!take('(')) fail_here("expected '(' after the function " + name);
      Expression e;
      e.op = f.op;
      e.offset = at;
      e.operands.push_back(expression(0));
      while (take(',')) {
        if (e.operands.size() >= kMaxArguments) fail_here("more than 10000 arguments to " + name);
        e.operands.push_back(expression(0));
      }
      if (!take(')')) fail_here("expected ',' or ')' in " + name + "(");
      if (f.arguments && e.operands.size() != f.arguments)
        throw ExpressionError(name + " takes " + std::to_string(f.arguments) + (f.arguments == 1 ? " argument" : " arguments") +
                                  ", found " + std::to_string(e.operands.size()), at);
      if (f.op == Operation::softmax) e.index = component(e.operands.size());
      return e;
    }
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '(')
      throw ExpressionError("unknown function '" + name + "'; expected one of: " + function_list(), at);
    Expression e;
    e.op = Operation::input;
    e.name = name;
    e.offset = at;
    return e;
  }

  // softmax(z1, …, zn)[i]: the component i, 1 ≤ i ≤ n.
  int component(std::size_t n) {
    skip_space();
    if (!take('[')) fail_here("softmax gives a vector: name its component, softmax(z1, z2)[1]");
    skip_space();
    std::size_t digits = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_]) && pos_ - digits < 6) ++pos_;
    std::size_t index = pos_ == digits ? 0 : std::stoul(std::string(text_.substr(digits, pos_ - digits)));
    if (index < 1 || index > n)
      throw ExpressionError("the component of softmax must be an integer from 1 to " + std::to_string(n), digits);
    if (!take(']')) fail_here("expected ']' after the component of softmax");
    return static_cast<int>(index);
  }

  Expression infix(char op, Expression left, Expression right, std::size_t at) {
    Expression e;
    e.offset = at;
    if (op == '^') {
      if (!is_integer_constant(right))
        throw ExpressionError("the exponent must be an integer (x^2, x^-1)", right.offset);
      if (abs(right.number) > kMaxExponent)
        throw ExpressionError("the exponent must be between -1000 and 1000", right.offset);
      int n = numerator(right.number).convert_to<int>();
      if (is_rational_constant(left)) {  // 2^3 is the number 8
        if (left.number == 0 && n < 0) throw ExpressionError("0 to a negative power", at);
        Rational q = integer_power(left.number, n);
        return constant(q, fraction_literal(q), left.offset);
      }
      e.op = Operation::power;
      e.exponent = n;
      e.operands.push_back(std::move(left));
      return e;
    }
    // An integer over an integer is a fraction, a number: 3/4.
    if (op == '/' && is_integer_constant(left) && is_integer_constant(right) &&
        left.literal.find_first_of(".eE") == std::string::npos &&
        right.literal.find_first_of(".eE") == std::string::npos && right.literal.front() != '-') {
      if (right.number == 0) throw ExpressionError("division by 0", at);
      Rational q = left.number / right.number;
      return constant(q, left.literal + "/" + right.literal, left.offset);
    }
    e.op = op == '+' ? Operation::add : op == '-' ? Operation::subtract : op == '*' ? Operation::multiply : Operation::divide;
    // a + b − c is one chain, however long: appended to, never nested.
    if (!left.links.empty() && same_precedence(left.op, e.op)) {
      if (left.op != e.op && left_changes(left) + 1 > kMaxNesting) throw ExpressionError(
          "expression nested too deeply (more than " + std::to_string(kMaxNesting) + " changes between " +
          (op == '+' || op == '-' ? "+ and −" : "* and /") + " along one chain)", at);
      left.links.push_back(e.op);
      left.op = e.op;
      left.operands.push_back(std::move(right));
      return left;
    }
    e.links.push_back(e.op);
    e.operands.push_back(std::move(left));
    e.operands.push_back(std::move(right));
    return e;
  }

  static bool same_precedence(Operation a, Operation b) {
    auto sum = [](Operation o) { return o == Operation::add || o == Operation::subtract; };
    return sum(a) == sum(b);
  }
  // How often a chain's operation changes (a − b + c: once), counted when it changes again.
  static int left_changes(const Expression& chain) {
    int changes = 0;
    for (std::size_t k = 1; k < chain.links.size(); ++k) changes += chain.links[k] != chain.links[k - 1];
    return changes;
  }

  static Rational integer_power(const Rational& q, int n) {
    Rational result = 1;
    for (int i = 0; i < (n < 0 ? -n : n); ++i) result *= q;
    return n < 0 ? Rational(1 / result) : result;
  }

  static std::string fraction_literal(const Rational& q) {
    std::string s = numerator(q).str();
    if (denominator(q) != 1) s += "/" + denominator(q).str();
    return s;
  }
};

}  // namespace

Expression parse_expression(std::string_view text) { return Parser(text).whole_expression(); }
Definition parse_definition(std::string_view text) { return Parser(text).definition(); }
std::string parse_variable_name(std::string_view text) { return Parser(text).lone_variable(); }

std::vector<std::string> function_names() {
  std::vector<std::string> out;
  for (const Function& f : kFunctions) out.push_back(f.name);
  return out;
}

}  // namespace bptrace
