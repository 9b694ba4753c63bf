#include "render/outline.hpp"

#include <cctype>

#include <map>
#include <regex>
#include <set>

namespace bptrace {

namespace {

std::string prefix(int step, int sample) {
  return (step > 1 ? "step" + std::to_string(step) + "." : "") +
         (sample ? "sample" + std::to_string(sample) + "." : "");
}
std::string layer(int l) { return "layer" + std::to_string(l) + "."; }

// "step3.layer1.z[1]" -> 3; 1 when unprefixed. Update results belong to the step that made them.
int step_of(const Step& step) {
  // Only "step<digits>." is a step prefix: a graph may name a node "stepsize".
  std::size_t digits = 4;
  while (digits < step.name.size() && std::isdigit(static_cast<unsigned char>(step.name[digits]))) ++digits;
  if (step.name.rfind("step", 0) != 0 || digits == 4 || digits >= step.name.size() || step.name[digits] != '.') return 1;
  int n = std::stoi(step.name.substr(4));
  return step.phase == Phase::update ? n - 1 : n;
}

std::string step_heading(int step) {
  return step > 1 ? "Gradient-descent step " + std::to_string(step) : "";
}

Outline per_weight(const std::vector<const Step*>& steps) {
  Outline outline;
  Phase phase = Phase::given;
  int step_number = -1;
  for (const Step* step : steps) {
    int n = step->phase == Phase::given ? 0 : step_of(*step);
    if (outline.sections.empty() || step->phase != phase || n != step_number) {
      Section section{phase_title(step->phase), n != step_number ? step_heading(n) : "", {}};
      outline.sections.push_back(section);
      phase = step->phase;
      step_number = n;
    }
    outline.sections.back().items.push_back(Item{step, {}});
  }
  return outline;
}

// The vectorised view reads the trace's structure from its names: how many samples and steps.
class Vectorised {
 public:
  Vectorised(const Trace& trace, const Notation& notation) : trace_(trace), n_(notation) {
    while (trace_.find("sample" + std::to_string(samples_ + 1) + ".input.x[1]")) ++samples_;
    // The traced steps and the samples each computes: with detail_steps some steps are not
    // traced, and an SGD or mini-batch update computes only its own samples.
    static const std::regex marker(R"(^(?:step(\d+)\.)?(?:sample(\d+)\.)?layer1\.z\[1\]$)");
    for (const Step& step : trace_.steps()) {
      std::smatch m;
      if (!std::regex_match(step.name, m, marker)) continue;
      int t = m[1].matched ? std::stoi(m[1].str()) : 1;
      steps_[t].push_back(m[2].matched ? std::stoi(m[2].str()) : 0);
    }
  }

  Outline outline() {
    given();
    schedule();
    for (const auto& [t, samples] : steps_) {
      samples_of_step_ = samples;
      forward(t);
      if (!trace_.find(prefix(t, 0) + "loss")) continue;
      loss(t);
      backward(t);
      if (samples_ > 0) batch_totals(t);
      if (trace_.find(prefix(t + 1, 0) + "layer1.W[1,1]")) update(t);
    }
    // A step traced only forward (the loss after the last update) has no backward sections.
    std::vector<Section> kept;
    std::string heading;
    for (Section& section : outline_.sections) {
      if (heading.empty()) heading = section.step_heading;
      if (section.items.empty()) continue;
      if (section.step_heading.empty()) section.step_heading = heading;
      heading.clear();
      kept.push_back(std::move(section));
    }
    outline_.sections = std::move(kept);
    return std::move(outline_);
  }

 private:
  const Trace& trace_;
  const Notation& n_;
  int samples_ = 0;  // 0: one sample, names unprefixed
  std::map<int, std::vector<int>> steps_;  // traced step → its samples (0: the unprefixed one)
  std::vector<int> samples_of_step_;       // the samples of the step being outlined
  Outline outline_;

  int depth() const { return static_cast<int>(n_.shape().depth()); }
  std::vector<int> sample_numbers() const {
    if (!samples_) return {0};
    std::vector<int> all;
    for (int s = 1; s <= samples_; ++s) all.push_back(s);
    return all;
  }

  Section& open(std::string title, int step, int sample) {
    if (sample) title += ", sample " + std::to_string(sample);
    outline_.sections.push_back(Section{title, last_step_ != step ? step_heading(step) : "", {}});
    last_step_ = step;
    return outline_.sections.back();
  }
  int last_step_ = 0;

  // Whole quantities whose first cell the trace lacks are left out (a lesson without them).
  void add(Section& section, VectorEquation equation) {
    Grid grid = n_.grid(equation.lhs);
    if (grid.empty() || grid[0].empty() || !grid[0][0].name || !trace_.find(*grid[0][0].name)) return;
    section.items.push_back(Item{nullptr, std::move(equation)});
  }
  void add_step(Section& section, const std::string& name) {
    if (const Step* s = trace_.find(name)) section.items.push_back(Item{s, {}});
  }

  void given() {
    Section& s = open("Given", 0, 0);
    for (int sample : sample_numbers()) {
      add(s, {prefix(0, sample) + "input.x", ""});
      add(s, {prefix(0, sample) + "target.y", ""});
    }
    for (int l = 1; l <= depth(); ++l) {
      add(s, {layer(l) + "W", ""});
      if (!n_.bias_in_weights()) add(s, {layer(l) + "b", ""});
    }
    add_step(s, "learning_rate");
  }

  void schedule() {
    if (!trace_.find("training.samples")) return;
    Section& s = open(phase_title(Phase::schedule), 0, 0);
    for (const char* name : {"training.samples", "training.samples_per_update", "training.updates_per_epoch"})
      add_step(s, name);
  }

  void forward(int t) {
    for (int sample : samples_of_step_) {
      Section& s = open(phase_title(Phase::forward), t, sample);
      for (int l = 1; l <= depth(); ++l)
        for (auto& equation : n_.forward_equations(t, sample, l)) add(s, equation);
    }
  }

  void loss(int t) {
    Section& s = open(phase_title(Phase::loss), t, 0);
    for (int sample : samples_of_step_)
      if (sample) add_step(s, prefix(t, sample) + "loss");
    add_step(s, prefix(t, 0) + "loss");
  }

  // The loss's own derivative (and softmax's δ) are elementwise: those steps as the trace has them.
  void backward(int t) {
    for (int sample : samples_of_step_) {
      Section& s = open(phase_title(Phase::backward), t, sample);
      const std::string out = prefix(t, sample) + layer(depth());
      const int outputs = static_cast<int>(n_.shape().widths.back());
      for (int k = 1; k <= outputs; ++k) add_step(s, out + "da[" + std::to_string(k) + "]");
      if (n_.shape().activations.back().kind == ActivationKind::softmax)
        for (int k = 1; k <= outputs; ++k) add_step(s, out + "dz[" + std::to_string(k) + "]");
      for (int l = depth(); l >= 1; --l)
        for (auto& equation : n_.backward_equations(t, sample, l)) add(s, equation);
    }
  }

  std::string sum_over_samples(int t, int l, const std::string& what) const {
    std::string formula;
    for (int sample : samples_of_step_)
      formula += (formula.empty() ? "{" : " + {") + prefix(t, sample) + layer(l) + what + "}";
    return formula;
  }

  void batch_totals(int t) {
    Section& s = open("Batch gradient (the sum of the samples' gradients)", t, 0);
    for (int l = 1; l <= depth(); ++l) {
      add(s, {prefix(t, 0) + layer(l) + "dW", sum_over_samples(t, l, "dW")});
      if (!n_.bias_in_weights()) add(s, {prefix(t, 0) + layer(l) + "db", sum_over_samples(t, l, "db")});
    }
  }

  // θ ← θ − η ∂L/∂θ, whole matrices at once.
  void update(int t) {
    Section& s = open(phase_title(Phase::update), t, 0);
    for (int l = 1; l <= depth(); ++l) {
      for (std::string what : {"W", "b"}) {
        if (what == "b" && n_.bias_in_weights()) continue;
        std::string old = prefix(t, 0) + layer(l) + what;
        add(s, {prefix(t + 1, 0) + layer(l) + what,
                "{" + old + "} − {learning_rate} {" + prefix(t, 0) + layer(l) + "d" + what + "}"});
      }
    }
  }
};

}  // namespace

std::optional<View> view_from_name(const std::string& name) {
  if (name == "per-weight") return View::per_weight;
  if (name == "vectorised" || name == "vectorized") return View::vectorised;
  return std::nullopt;
}

std::vector<std::string> view_names() { return {"per-weight", "vectorised"}; }

std::string phase_title(Phase phase) {
  switch (phase) {
    case Phase::given: return "Given";
    case Phase::forward: return "Forward pass";
    case Phase::loss: return "Loss";
    case Phase::backward: return "Backward pass";
    case Phase::update: return "Gradient-descent update";
    case Phase::local: return "Local derivatives: one per edge, ∂node/∂operand";
    case Phase::tangent: return "Forward mode: one sweep per input, tangents ∂node/∂input";
    case Phase::jacobian: return "Jacobians and chain-rule products";
    case Phase::count: return "Operation counts (additions and subtractions)";
    case Phase::document: return "Formulas the document prints, at this point";
    case Phase::summary: return "Training summary";
    case Phase::schedule: return "Training schedule: updates per epoch, samples (gradient computations) per update";
  }
  return "";
}

std::vector<const Step*> dependencies(const Trace& trace, const std::string& name) {
  std::set<std::string> needed;
  std::vector<std::string> pending{name};
  while (!pending.empty()) {
    std::string next = pending.back();
    pending.pop_back();
    const Step* step = trace.find(next);
    if (!step || !needed.insert(next).second) continue;
    auto visit = [&](const std::string& reference) { pending.push_back(reference); };
    for_each_reference(step->formula, visit);
    for (const Contribution& c : step->contributions) for_each_reference(c.formula, visit);
  }
  std::vector<const Step*> out;
  for (const Step& step : trace.steps())
    if (needed.count(step.name)) out.push_back(&step);
  return out;
}

std::vector<const Step*> training_losses(const Trace& trace) {
  std::vector<const Step*> out;
  for (const Step& step : trace.steps()) {
    const std::string& n = step.name;
    if (step.phase != Phase::loss && step.phase != Phase::summary) continue;
    std::size_t dot = n.find('.');
    bool numbered = dot != std::string::npos && n.substr(dot) == ".loss" &&
                    (n.rfind("step", 0) == 0 || n.rfind("epoch", 0) == 0);
    if (n == "loss" || numbered) out.push_back(&step);
  }
  if (out.size() < 2) out.clear();
  return out;
}

namespace {

// A step with neither a backward pass nor an update is the loss after the last update
// ([training] final_loss): headed as such, not as one more gradient-descent step.
Outline with_final_loss_heading(Outline outline) {
  auto is_step = [](const Section& s) { return s.step_heading.rfind("Gradient-descent step ", 0) == 0; };
  for (std::size_t first = 0; first < outline.sections.size(); ++first) {
    if (!is_step(outline.sections[first])) continue;
    bool learns = false;
    std::size_t k = first;
    for (; k < outline.sections.size() && (k == first || outline.sections[k].step_heading.empty()); ++k)
      for (Phase phase : {Phase::backward, Phase::update})
        if (outline.sections[k].title.rfind(phase_title(phase), 0) == 0) learns = true;
    if (!learns) {
      std::string& heading = outline.sections[first].step_heading;
      heading = "Step " + heading.substr(std::string("Gradient-descent step ").size()) +
                ": the forward pass and loss after the last update";
    }
    first = k - 1;
  }
  return outline;
}

}  // namespace

Outline make_outline(const Trace& trace, const Notation& notation, View view,
                     const std::optional<std::string>& show, int steps) {
  if (show) return with_final_loss_heading(per_weight(dependencies(trace, *show)));
  if (view == View::vectorised) {
    bool layered = trace.find("layer1.z[1]") || trace.find("sample1.layer1.z[1]");
    if (notation.shape().depth() > 0 && layered)
      return with_final_loss_heading(Vectorised(trace, notation).outline());
  }
  std::vector<const Step*> all;
  for (const Step& step : trace.steps())
    if (step.phase != Phase::summary && (steps == 0 || step.phase == Phase::given || step_of(step) <= steps))
      all.push_back(&step);
  Outline outline = with_final_loss_heading(per_weight(all));
  if (view == View::vectorised)
    outline.note = "this lesson is not a layered network: the vectorised view is not available, "
                   "every quantity is shown on its own";
  return outline;
}

}  // namespace bptrace
