#include "model/network.hpp"
#include "number/splitmix.hpp"

namespace bptrace {

namespace {

std::uint64_t next(std::uint64_t& state) { return splitmix64(state); }

// Uniform in [0, bound): draws below 2^64 mod bound are rejected, so no value is favoured.
std::uint64_t below(std::uint64_t bound, std::uint64_t& state) {
  const std::uint64_t threshold = (0 - bound) % bound;
  for (;;) {
    std::uint64_t r = next(state);
    if (r >= threshold) return r % bound;
  }
}

}  // namespace

std::vector<std::size_t> shuffled(std::vector<std::size_t> items, std::uint64_t& state) {
  for (std::size_t i = items.size(); i > 1; --i) {
    std::size_t j = static_cast<std::size_t>(below(i, state));
    std::swap(items[i - 1], items[j]);
  }
  return items;
}

Schedule::Schedule(const Problem& problem) : p_(problem), state_(problem.shuffle_seed.value_or(0)) {}

std::size_t Schedule::updates_per_epoch() const {
  const std::size_t n = p_.samples.size();
  switch (p_.mode) {
    case TrainingMode::full_batch: return 1;
    case TrainingMode::sgd: return n;
    case TrainingMode::mini_batch: return (n + p_.batch_size - 1) / p_.batch_size;
  }
  return 1;
}

std::vector<std::size_t> Schedule::batch(int step) {
  const std::size_t n = p_.samples.size();
  std::vector<std::size_t> all(n);
  for (std::size_t s = 0; s < n; ++s) all[s] = s;
  if (p_.mode == TrainingMode::full_batch) return all;
  const std::size_t per_epoch = updates_per_epoch();
  const int epoch = static_cast<int>((static_cast<std::size_t>(step) - 1) / per_epoch) + 1;
  while (epoch_ < epoch) {
    ++epoch_;
    order_ = p_.shuffle_seed ? shuffled(all, state_) : p_.order.empty() ? all : p_.order;
  }
  const std::size_t size = p_.mode == TrainingMode::sgd ? 1 : p_.batch_size;
  const std::size_t first = ((static_cast<std::size_t>(step) - 1) % per_epoch) * size;
  std::vector<std::size_t> batch;
  for (std::size_t k = first; k < first + size && k < n; ++k) batch.push_back(order_[k]);
  return batch;
}

}  // namespace bptrace
