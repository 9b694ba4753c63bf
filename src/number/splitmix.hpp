#pragma once
// splitmix64 (Steele, Lea, Flood 2014): fully specified, so every platform draws the same
// numbers for a seed (training orders, exercise variants, benchmark networks; bench/bench_common.py
// has the same stream in Python).
#include <cstdint>

namespace bptrace {

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace bptrace
