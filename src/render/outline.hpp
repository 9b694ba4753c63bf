#pragma once
// The derivation as an outline that every format writes: sections of equations, each a quantity
// of the trace (per-weight view) or a whole vector or matrix (vectorised view). Both views are
// readings of the same trace; the outline only chooses and orders, it computes nothing.
#include "render/notation.hpp"
#include "render/value_format.hpp"
#include "trace/trace.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bptrace {

enum class View { per_weight, vectorised, table };
std::optional<View> view_from_name(const std::string& name);
std::vector<std::string> view_names();  // "per-weight", "vectorised", "table"

// One equation: a step of the trace, or a vectorised equation over whole quantities (a given
// vector or matrix has an empty formula).
struct Item {
  const Step* step = nullptr;
  // The vectorised equation, when the item is not a step (shared: a long trace's items stay small).
  std::shared_ptr<const VectorEquation> vector;
  // A step recorded without its formula (the parameters that steps computed but not traced
  // reached): the formula it was computed by, to print in symbols (its operands are not traced).
  Formula untraced_formula;
};

struct Section {
  std::string title;         // "Forward pass", "Backward pass, sample 2"
  std::string step_heading;  // "Gradient-descent step 2" where a new step begins
  std::vector<Item> items;
  int step = 0;  // the gradient-descent step whose quantities it writes without a step mark (0: none)
};

// The table view of an activation lesson (001-3): one row per point (a sample), its z, g(z) and
// g'(z) as the trace has them.
struct Table {
  std::string title;                         // "g = tanh: g(z) and its derivative g'(z) at 5 points"
  Math activation;                           // g, or Φ (formal)
  Math point;                                // the symbol z stands for: z^[1]_1
  bool derivative = false;                   // whether the trace has g'(z) (a lesson with a loss)
  std::vector<std::vector<const Step*>> rows;  // z, g(z)[, g'(z)] of each sample, in sample order
  std::vector<std::string> names;            // the canonical names of row K, "sampleK.layer1.z[1]"
};

struct Outline {
  std::vector<Section> sections;
  std::string note;  // why the view asked for could not be given, if so
  std::optional<Table> table;  // the table view: no sections then
};

// What every format of the derivation is asked for.
struct RenderOptions {
  ValueStyle values;  // digits and fractions, as --digits and --fractions ask (a result's style)
  View view = View::per_weight;
  std::optional<Key> show;          // only this quantity and what it depends on
  bool color = false;               // text: ANSI colour (a terminal, NO_COLOR unset)
  bool body_only = false;           // latex: the body, to \input into a document of one's own
  int steps = 0;                    // training: only steps 1..steps in detail (0: every traced step)
};

// `show`: only that quantity and what it depends on.
// Summary steps (Phase::summary) are left out: they belong to the training summary. `steps` > 0
// keeps only the first `steps` gradient-descent steps (and the given values).
Outline make_outline(const Trace& trace, const Notation& notation, View view,
                     const std::optional<Key>& show = std::nullopt, int steps = 0);

// Why the table view cannot show the trace, if so: it tabulates one neuron's activation at each
// sample's point (a network of one layer of one neuron, without training, as 001-3).
std::optional<std::string> table_unavailable(const Trace& trace);
// The table view (render/table_view.cpp); the trace must be one table_unavailable accepts.
Outline table_outline(const Trace& trace, const Notation& notation);

// Training: the loss of every update (`loss`, `stepT.loss`) and after every epoch (`epochE.loss`),
// in trace order; empty when the trace has a single loss.
std::vector<const Step*> training_losses(const Trace& trace);

// A Jacobian block or chain-rule product of a section, as a matrix of its entries' steps
// (nullptr where the trace has no entry), in the order the section lists the blocks.
struct EntryMatrix {
  std::string name;  // J
  std::vector<std::vector<const Step*>> rows;
};
std::vector<EntryMatrix> entry_matrices(const Section& section);

// The quantities `key` depends on, itself included, in trace order (a path term: its sum's).
std::vector<const Step*> dependencies(const Trace& trace, const Key& key);

std::string phase_title(Phase phase);

// When sections of steps after the first write their own step's quantities without a step mark,
// the sentence that says so (`mark` is how the dialect writes the mark of step k); else empty.
std::string step_marks_note(const Outline& outline, const std::string& mark);

}  // namespace bptrace
