#pragma once
// A variant's lesson text: the lesson's own TOML with new numbers drawn into it (weights in ±0.9,
// biases in ±0.5, inputs and targets in 0.05…0.95, each an exact decimal), its document checks
// dropped and its questions asked. The same text on every machine for the same seed.
#include "lesson/lesson.hpp"
#include "number/splitmix.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace bptrace {

// splitmix64: the same stream on every machine.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    return splitmix64(state);
  }
  // An integer in [lo, hi], never 0 when `nonzero`.
  long in(long lo, long hi, bool nonzero) {
    for (;;) {
      long k = lo + static_cast<long>(next() % static_cast<std::uint64_t>(hi - lo + 1));
      if (!nonzero || k != 0) return k;
    }
  }
};

std::string variant_text(const Lesson& lesson, const std::string& lesson_text, std::uint64_t seed, int number,
                         const std::vector<std::string>& questions, Random& random);

}  // namespace bptrace
