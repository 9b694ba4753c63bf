#include "render/outline.hpp"

#include <algorithm>
#include <cctype>

#include <map>

namespace bptrace {

namespace {

// The gradient-descent step a quantity belongs to; update results belong to the step that made them.
int step_of(const Step& step) { return step.phase == Phase::update ? step.key.step - 1 : step.key.step; }

// Step 1 has a heading too when the trace has more than one step (a lesson of one step has none).
std::string step_heading(int step, bool numbered) {
  return step > 1 || (numbered && step == 1) ? "Gradient-descent step " + std::to_string(step) : "";
}

bool has_several_steps(const std::vector<const Step*>& steps) {
  return std::any_of(steps.begin(), steps.end(), [](const Step* s) {
    return s->phase != Phase::given && s->phase != Phase::summary && step_of(*s) > 1;
  });
}

// "Step 3" or "Steps 3–5".
std::string steps_named(int first, int last) {
  return first == last ? "Step " + std::to_string(first)
                       : "Steps " + std::to_string(first) + "–" + std::to_string(last);
}

// θ{t+1} = θ{t} − η·∂L/∂θ{t} (under the −∂L/∂z convention θ{t} + η·(−∂L/∂θ{t})), as the engine
// writes the update of a traced step.
Formula update_formula(const Key& parameter, bool negated) {
  Key old_value = parameter, gradient = parameter;
  old_value.step = parameter.step - 1;
  gradient.step = parameter.step - 1;
  gradient.quantity = parameter.quantity == Quantity::weight ? Quantity::weight_gradient : Quantity::bias_gradient;
  gradient.negated = negated;
  Formula change = math::product({ref(learning_rate_key()), ref(gradient)});
  return negated ? math::sum({ref(old_value), change}) : math::difference(ref(old_value), change);
}

// The marker of steps first..last, computed but not traced: their losses (summary values, as
// [training] loss_every lists them), then the parameters the last of them reached, each with
// the update formula it was computed by.
void add_untraced_steps(Outline& outline, int first, int last, const std::vector<const Step*>& losses) {
  std::vector<Item> loss_items;
  for (const Step* loss : losses)
    if (loss->key.step >= first && loss->key.step <= last) loss_items.push_back(Item{loss, {}, {}});
  const std::string heading = steps_named(first, last) + ": computed, not shown";
  const bool every_step = static_cast<int>(loss_items.size()) == last - first + 1;
  const std::string title = loss_items.empty() ? "Losses: not listed ([training] loss_every)"
                            : std::string(first == last ? "Its loss" : "Their losses") +
                                  (every_step ? "" : ", at the steps [training] loss_every lists") +
                                  " (the loss at step T, with the parameters before update T)";
  outline.sections.push_back(Section{title, heading, std::move(loss_items)});
  outline.sections.push_back(Section{"Gradient-descent update of step " + std::to_string(last) +
                                         ": the parameters step " + std::to_string(last + 1) +
                                         " starts from (its terms are not shown)",
                                     "", {}});
}

// `numbered`: the trace has several steps (each gets a heading, also when only some are shown).
Outline per_weight(const std::vector<const Step*>& steps, bool negated, bool numbered) {
  Outline outline;
  Phase phase = Phase::given;
  int step_number = -1;
  std::vector<const Step*> summary_losses;  // the losses of steps computed but not traced
  for (const Step* step : steps) {
    if (step->phase == Phase::summary) {
      if (step->key.quantity == Quantity::loss) summary_losses.push_back(step);
      continue;
    }
    int n = step->phase == Phase::given ? 0 : step_of(*step);
    const bool untraced = step->phase == Phase::update && step->formula.empty();
    if (untraced && n != step_number && step_number >= 1) {
      add_untraced_steps(outline, step_number + 1, n, summary_losses);
      phase = step->phase;
      step_number = n;
    } else if (outline.sections.empty() || step->phase != phase || n != step_number) {
      Section section{phase_title(step->phase), n != step_number ? step_heading(n, numbered) : "", {}, n};
      outline.sections.push_back(section);
      phase = step->phase;
      step_number = n;
    }
    outline.sections.back().items.push_back(
        Item{step, {}, untraced ? update_formula(step->key, negated) : Formula()});
  }
  return outline;
}

// The vectorised view reads the trace's structure from its names: how many samples and steps.
class Vectorised {
 public:
  Vectorised(const Trace& trace, const Notation& notation) : trace_(trace), n_(notation) {
    samples_ = trace.header.samples > 1 ? static_cast<int>(trace.header.samples) : 0;
    // The traced steps and the samples each computes: with detail_steps some steps are not
    // traced, and an SGD or mini-batch update computes only its own samples.
    for (const Step& step : trace_.steps()) {
      const Key& k = step.key;
      if (k.quantity == Quantity::pre_activation && k.layer == 1 && k.row == 1 && !k.is_path())
        steps_[k.step].push_back(k.sample);
    }
  }

  Outline outline() {
    given();
    schedule();
    int previous = 0;
    for (const auto& [t, samples] : steps_) {
      if (previous >= 1 && t > previous + 1) untraced(previous + 1, t - 1);
      previous = t;
      samples_of_step_ = samples;
      forward(t);
      if (!trace_.find(loss_key(t, 0))) continue;
      loss(t);
      backward(t);
      if (samples_ > 0) batch_totals(t);
      if (trace_.find(layer_key(Quantity::weight, t + 1, 0, 1, 1, 1))) update(t);
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
    outline_.sections.push_back(Section{title, last_step_ != step ? step_heading(step, steps_.size() > 1) : "", {}, step});
    last_step_ = step;
    return outline_.sections.back();
  }
  int last_step_ = 0;

  // Whole quantities whose first cell the trace lacks are left out (a lesson without them).
  void add(Section& section, VectorEquation equation, Formula untraced = {}) {
    Grid grid = n_.grid(equation.lhs);
    if (grid.empty() || grid[0].empty() || !grid[0][0].key || !trace_.find(*grid[0][0].key)) return;
    section.items.push_back(Item{nullptr, std::make_shared<const VectorEquation>(std::move(equation)), std::move(untraced)});
  }

  // Steps first..last computed, not traced: their losses, and the parameters the last reached.
  void untraced(int first, int last) {
    std::vector<const Step*> losses;
    for (int k = first; k <= last; ++k)
      if (const Step* loss = trace_.find(loss_key(k, 0))) losses.push_back(loss);
    add_untraced_steps(outline_, first, last, losses);
    Section& s = outline_.sections.back();
    for (int l = 1; l <= depth(); ++l)
      for (Quantity what : {Quantity::weight, Quantity::bias}) {
        if (what == Quantity::bias && (n_.bias_in_weights() || !n_.shape().layer_has_bias(l))) continue;
        const Key whole = n_.whole(what, last + 1, 0, l);
        add(s, {whole, {}}, update_formula(whole, n_.shape().negated_gradients));
      }
    last_step_ = last;
  }
  void add_step(Section& section, const Key& name) {
    if (const Step* s = trace_.find(name)) section.items.push_back(Item{s, {}, {}});
  }

  void given() {
    Section& s = open("Given", 0, 0);
    for (int sample : sample_numbers()) {
      add(s, {n_.whole(Quantity::input, 1, sample, 0), {}});
      add(s, {n_.whole(Quantity::target, 1, sample, 0), {}});
    }
    for (int l = 1; l <= depth(); ++l) {
      add(s, {n_.whole(Quantity::weight, 1, 0, l), {}});
      if (!n_.bias_in_weights() && n_.shape().layer_has_bias(l)) add(s, {n_.whole(Quantity::bias, 1, 0, l), {}});
    }
    add_step(s, learning_rate_key());
  }

  void schedule() {
    if (!trace_.find(schedule_key(Quantity::training_samples))) return;
    Section& s = open(phase_title(Phase::schedule), 0, 0);
    for (Quantity q : {Quantity::training_samples, Quantity::samples_per_update, Quantity::updates_per_epoch})
      add_step(s, schedule_key(q));
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
      if (sample) add_step(s, loss_key(t, sample));
    add_step(s, loss_key(t, 0));
  }

  // The loss's own derivative (and softmax's δ) are elementwise: those steps as the trace has them.
  void backward(int t) {
    for (int sample : samples_of_step_) {
      Section& s = open(phase_title(Phase::backward), t, sample);
      const int outputs = static_cast<int>(n_.shape().widths.back());
      const Key da = n_.whole(Quantity::activation_gradient, t, sample, depth());
      const Key dz = n_.whole(Quantity::delta, t, sample, depth());
      for (int k = 1; k <= outputs; ++k) add_step(s, da.entry_at(k));
      if (n_.shape().activations.back().kind == ActivationKind::softmax)
        for (int k = 1; k <= outputs; ++k) add_step(s, dz.entry_at(k));
      for (int l = depth(); l >= 1; --l)
        for (auto& equation : n_.backward_equations(t, sample, l)) add(s, equation);
    }
  }

  Formula sum_over_samples(int t, int l, Quantity what) const {
    std::vector<Formula> terms;
    for (int sample : samples_of_step_) terms.push_back(ref(n_.whole(what, t, sample, l)));
    return terms.empty() ? Formula() : math::sum(std::move(terms));
  }

  void batch_totals(int t) {
    Section& s = open("Batch gradient (the sum of the samples' gradients)", t, 0);
    for (int l = 1; l <= depth(); ++l) {
      add(s, {n_.whole(Quantity::weight_gradient, t, 0, l), sum_over_samples(t, l, Quantity::weight_gradient)});
      if (!n_.bias_in_weights() && n_.shape().layer_has_bias(l))
        add(s, {n_.whole(Quantity::bias_gradient, t, 0, l), sum_over_samples(t, l, Quantity::bias_gradient)});
    }
  }

  // θ ← θ − η ∂L/∂θ, whole matrices at once.
  void update(int t) {
    Section& s = open(phase_title(Phase::update), t, 0);
    for (int l = 1; l <= depth(); ++l) {
      for (auto [what, gradient] : {std::pair{Quantity::weight, Quantity::weight_gradient},
                                    std::pair{Quantity::bias, Quantity::bias_gradient}}) {
        if (what == Quantity::bias && (n_.bias_in_weights() || !n_.shape().layer_has_bias(l))) continue;
        // Under the −∂L/∂z convention the step adds η·(−∂L/∂θ).
        const Formula old_value = ref(n_.whole(what, t, 0, l));
        const Formula change = math::matrix_product({ref(learning_rate_key()), ref(n_.whole(gradient, t, 0, l))});
        add(s, {n_.whole(what, t + 1, 0, l),
                n_.shape().negated_gradients ? math::sum({old_value, change}) : math::difference(old_value, change)});
      }
    }
  }
};

}  // namespace

std::optional<View> view_from_name(const std::string& name) {
  if (name == "per-weight") return View::per_weight;
  if (name == "vectorised" || name == "vectorized") return View::vectorised;
  if (name == "table") return View::table;
  return std::nullopt;
}

std::vector<std::string> view_names() { return {"per-weight", "vectorised", "table"}; }

std::string step_marks_note(const Outline& outline, const std::string& mark) {
  const bool marks_left_out = std::any_of(outline.sections.begin(), outline.sections.end(),
                                          [](const Section& s) { return s.step > 1 && !s.items.empty(); });
  if (!marks_left_out) return "";
  return "Steps: under the heading of gradient-descent step t, the quantities of step t are written "
         "without their step; " + mark + " marks a quantity of another step k (an update makes the "
         "parameters of step t + 1). Given values and step 1 have no mark.";
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

// --steps K: one marker for the steps after K, with their losses (the update's loss of each).
void add_steps_not_shown(Outline& outline, const Trace& trace, int shown) {
  int last = 0;
  for (const Step& step : trace.steps())
    if (step.phase != Phase::given && step.phase != Phase::summary) last = std::max(last, step_of(step));
  if (last <= shown) return;
  Section marker{"Their losses (the loss at step T, with the parameters before update T)",
                 steps_named(shown + 1, last) + ": not shown (--steps " + std::to_string(shown) + ")", {}, 0};
  for (int t = shown + 1; t <= last; ++t)
    if (const Step* loss = trace.find(loss_key(t, 0))) marker.items.push_back(Item{loss, {}, {}});
  outline.sections.push_back(std::move(marker));
}

}  // namespace

Outline make_outline(const Trace& trace, const Notation& notation, View view,
                     const std::optional<Key>& show, int steps) {
  const bool negated = notation.shape().negated_gradients;
  if (view == View::table && !show && !table_unavailable(trace)) return table_outline(trace, notation);
  if (show) {
    const std::vector<const Step*> needed = dependencies(trace, *show);
    return with_final_loss_heading(per_weight(needed, negated, has_several_steps(needed)));
  }
  if (view == View::vectorised) {
    bool layered = trace.find(layer_key(Quantity::pre_activation, 1, 0, 1, 1)) ||
                   trace.find(layer_key(Quantity::pre_activation, 1, 1, 1, 1));
    if (notation.shape().depth() > 0 && layered)
      return with_final_loss_heading(Vectorised(trace, notation).outline());
  }
  std::vector<const Step*> all, every;
  for (const Step& step : trace.steps()) {
    every.push_back(&step);
    // Summary losses stay: they mark the steps computed but not traced.
    if (steps == 0 || step.phase == Phase::given || step_of(step) <= steps)
      all.push_back(&step);
  }
  Outline outline = with_final_loss_heading(per_weight(all, negated, has_several_steps(every)));
  if (steps > 0) add_steps_not_shown(outline, trace, steps);
  if (view == View::vectorised)
    outline.note = "this lesson is not a layered network: the vectorised view is not available, "
                   "every quantity is shown on its own";
  if (view == View::table && !show)
    if (auto why = table_unavailable(trace)) outline.note = *why + ": every quantity is shown on its own";
  return outline;
}

}  // namespace bptrace
