#include "trace/suggest.hpp"

#include "trace/names.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace bptrace {

namespace {

// The letters (lower case) and digits of a name, ∂ read as d: its skeleton, compared first.
std::string skeleton(const std::string& name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name.compare(i, 3, "∂") == 0) {
      out += 'd';
      i += 2;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

// Levenshtein's distance with a substitution costing `substitution` (1: any edit; 2: insertions
// and deletions only, so that `dL/dW11`, ∂L/∂w^[2]_1,1 with parts left out, is nearer than a
// name with a letter changed).
std::size_t distance_with(const std::string& a, const std::string& b, std::size_t substitution) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : substitution)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::size_t indel_distance(const std::string& a, const std::string& b) { return distance_with(a, b, 2); }

// The name without its leading stepT. and sampleK. parts.
std::string unprefixed(const std::string& name) {
  std::size_t at = 0;
  for (const char* word : {"step", "sample"}) {
    const std::string w = word;
    if (name.compare(at, w.size(), w) != 0) continue;
    std::size_t end = at + w.size();
    while (end < name.size() && std::isdigit(static_cast<unsigned char>(name[end]))) ++end;
    if (end > at + w.size() && end < name.size() && name[end] == '.') at = end + 1;
  }
  return name.substr(at);
}

// Distance of `written` to one spelling: skeletons first, then the whole text. Compared without
// their stepT. and sampleK. prefixes, a pair ranks just after an equally close whole match.
std::pair<std::size_t, std::size_t> distance(const std::string& written, const std::string& spelling) {
  std::pair<std::size_t, std::size_t> whole{2 * indel_distance(skeleton(written), skeleton(spelling)),
                                            edit_distance(written, spelling)};
  const std::string bare = unprefixed(spelling), bare_written = unprefixed(written);
  if (bare == spelling && bare_written == written) return whole;
  std::pair<std::size_t, std::size_t> without{2 * indel_distance(skeleton(bare_written), skeleton(bare)) + 1,
                                              edit_distance(written, spelling)};
  return std::min(whole, without);
}

}  // namespace

std::size_t edit_distance(const std::string& a, const std::string& b) { return distance_with(a, b, 1); }

std::vector<std::string> nearest_names(const std::string& written, const Trace& trace, const NameSpellings& spellings,
                                       std::size_t count) {
  // Each quantity ranked by its closest spelling; names kept in trace order among equals.
  std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> best;
  std::vector<std::string> order;
  auto consider = [&](const std::string& name, const std::string& spelling) {
    auto d = distance(written, spelling);
    auto [it, fresh] = best.try_emplace(name, d);
    if (fresh) order.push_back(name);
    else it->second = std::min(it->second, d);
  };
  for (const Step& step : trace.steps()) {
    const std::string name = trace.name(step.key);
    consider(name, name);
  }
  for (const auto& [spelling, key] : spellings)
    if (!spelling.empty() && trace.find(key)) consider(trace.name(key), spelling);
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) { return best[a] < best[b]; });
  if (order.size() > count) order.resize(count);
  return order;
}

std::string unknown_name_message(const std::string& written, const Trace& trace, const NameSpellings& spellings) {
  // A name of a training step the lesson summarises ([training] detail_steps): valid, but untraced.
  if (auto key = trace.key(written); key && key->step > 1 && !trace.find(*key)) {
    Key first = *key;
    first.step = 1;
    int last_step = 1;
    for (const Step& step : trace.steps()) last_step = std::max(last_step, step.key.step);
    if (trace.find(first) && key->step <= last_step) {
      const std::string loss = "step" + std::to_string(key->step) + ".loss";
      return "'" + written + "' is computed but not traced in full: step " + std::to_string(key->step) +
             " is one of the steps that [training] detail_steps summarises" +
             (trace.find_name(loss) ? " (its loss is " + loss + ")" : std::string()) +
             "; set detail_steps = 0 to trace every step";
    }
  }
  std::string out;
  for (const std::string& name : nearest_names(written, trace, spellings)) out += (out.empty() ? "" : ", ") + name;
  return "no quantity '" + written + "' in this lesson" + (out.empty() ? "" : "; did you mean " + out + "?");
}

}  // namespace bptrace
