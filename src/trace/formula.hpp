#pragma once
// A formula of the trace: text with references to other quantities, by key. Printers write each
// reference as a symbol (in a notation) or as its value.
#include "trace/key.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bptrace {

class Formula {
 public:
  struct Piece {
    std::string text;        // when ref is empty
    std::optional<Key> ref;  // a quantity
    friend bool operator==(const Piece&, const Piece&) = default;
  };

  Formula() = default;
  Formula(std::string text) { append_text(std::move(text)); }  // NOLINT: plain text reads as a formula
  Formula(const char* text) : Formula(std::string(text)) {}    // NOLINT
  static Formula ref(Key key) {
    Formula f;
    f.pieces_.push_back(Piece{"", std::move(key)});
    return f;
  }

  bool empty() const { return pieces_.empty(); }
  const std::vector<Piece>& pieces() const { return pieces_; }

  Formula& operator+=(const Formula& more) {
    for (const Piece& p : more.pieces_) {
      if (p.ref) pieces_.push_back(p);
      else append_text(p.text);
    }
    return *this;
  }
  friend Formula operator+(Formula a, const Formula& b) { return a += b; }
  friend bool operator==(const Formula&, const Formula&) = default;
  // A formula is not its text: compare templates (or pieces), not a formula with a string.
  friend bool operator==(const Formula&, const char*) = delete;

 private:
  std::vector<Piece> pieces_;

  void append_text(std::string text) {
    if (text.empty()) return;
    if (!pieces_.empty() && !pieces_.back().ref) pieces_.back().text += text;
    else pieces_.push_back(Piece{std::move(text), std::nullopt});
  }
};

inline Formula ref(Key key) { return Formula::ref(std::move(key)); }

// Calls f(key) for each reference of a formula.
template <class F>
void for_each_reference(const Formula& formula, F&& f) {
  for (const Formula::Piece& p : formula.pieces())
    if (p.ref) f(*p.ref);
}

// The formula as text, with replace(key) written for each reference.
template <class F>
std::string substitute(const Formula& formula, F&& replace) {
  std::string out;
  for (const Formula::Piece& p : formula.pieces()) out += p.ref ? std::string(replace(*p.ref)) : p.text;
  return out;
}

}  // namespace bptrace
