#include "lesson/document_reader.hpp"

namespace bptrace {

namespace {

using lesson_toml::Reader;

// `tolerance = "float64"` or `relative_tolerance = "1e-12"`: a value a floating-point program
// printed in full. Not for a formula or a fraction, which are compared exactly.
std::optional<DocumentTolerance> read_document_tolerance(const Reader& r, const toml::table& t, const DocumentValue& d) {
  const toml::node* kind = t.get("tolerance");
  const toml::node* relative = t.get("relative_tolerance");
  if (kind && relative) r.fail(*relative, "a [[document]] has 'tolerance' or 'relative_tolerance', not both");
  const toml::node* node = kind ? kind : relative;
  if (!node) return std::nullopt;
  if (d.formula) r.fail(*node, "a printed formula is compared exactly: no tolerance");
  if (d.printed.find('/') != std::string::npos) r.fail(*node, "a printed fraction is compared exactly: no tolerance");
  DocumentTolerance tolerance;
  if (kind) {
    tolerance.text = r.string(*kind, "'tolerance' (\"float64\": a float64 printed in full)");
    if (tolerance.text != "float64")
      r.fail(*kind, "expected \"float64\" for 'tolerance' (for a relative tolerance, write relative_tolerance = \"1e-12\")");
    return tolerance;
  }
  if (!relative->is_string()) r.fail(*relative, "relative_tolerance must be a string such as \"1e-12\", so that it is read exactly");
  tolerance.kind = DocumentTolerance::Kind::relative;
  tolerance.relative = r.number(*relative, "relative_tolerance");
  tolerance.text = relative->as_string()->get();
  if (tolerance.relative <= 0 || tolerance.relative >= 1) r.fail(*relative, "relative_tolerance must be more than 0 and less than 1");
  return tolerance;
}

}  // namespace

std::vector<DocumentValue> read_documents(const Reader& r, const toml::table& root) {
  std::vector<DocumentValue> out;
  const toml::node* node = root.get("document");
  if (!node) return out;
  if (!node->is_array_of_tables()) r.fail(*node, "expected [[document]] tables");
  for (const auto& item : *node->as_array()) {
    const toml::table& t = *item.as_table();
    r.only_keys(t, "[[document]]", {"quantity", "printed", "formula", "where", "erratum", "tolerance", "relative_tolerance"});
    DocumentValue d;
    const toml::node& quantity = r.required(t, "quantity", "[[document]]");
    d.quantity = r.string(quantity, "'quantity'");
    d.location = r.at(quantity);
    if (const toml::node* formula = t.get("formula")) {
      // A formula the document prints (graph lessons): parsed and evaluated by the graph part.
      if (t.get("printed")) r.fail(*formula, "a [[document]] has 'printed' (a number) or 'formula' (an expression), not both");
      d.printed = r.string(*formula, "'formula' (the document's formula in the expression language, as a string)");
      d.formula = true;
      d.printed_location = r.inside_string(*formula, 0);
    } else {
      const toml::node& printed = r.required(t, "printed", "[[document]]");
      d.printed = r.string(printed, "'printed' (the number exactly as the document prints it, as a string)");
      r.number(printed, "'printed'");  // must be a number
    }
    d.where = r.string(t, "where", "[[document]]");
    d.erratum = r.optional_string(t, "erratum");
    d.tolerance = read_document_tolerance(r, t, d);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace bptrace
