#include "cli/commands.hpp"
#include "lesson/input_file.hpp"
#include "lesson/library.hpp"
#include "report/exercise_sheet.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

namespace bptrace::cli {

void setup_variant(CLI::App& app, VariantOptions& options) {
  app.add_option("lesson", options.lesson, "The network lesson to vary")->required();
  app.add_option("--seed", options.seed, "The seed: the same seed gives the same variants on every machine")->required();
  app.add_option("--count", options.count, "How many variants")->check(CLI::Range(1, 1000))->default_val(1);
  app.add_option("--out", options.out, "The folder the files go to")->default_val(".");
  app.add_option("--ask", options.ask,
                 "A quantity the sheet asks (canonical or notation name; repeatable; default: the lesson's [questions], "
                 "else the loss and every gradient of step 1)");
  app.add_option("--significant", options.significant, "The asked precision, in significant digits")
      ->check(CLI::Range(2, 8))
      ->default_val(4);
  app.add_flag("--sheet", options.sheet, "Also write each problem sheet: NAME.sheet.md and NAME.sheet.tex (no answers)");
  app.add_flag("--key", options.key, "Also write each answer key: NAME.key.md (answers, derivations, the mistakes' answers)");
}

namespace {

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw UsageError(path.string() + ": cannot be written");
  std::cout << "wrote " << path.string() << "\n";
}

}  // namespace

int run_variant(const VariantOptions& options) {
  const std::string path = resolve_lesson(options.lesson).string();
  const std::string text = read_input_file(path, "lesson file");
  const Lesson lesson = parse_lesson(path, text);
  VariantRequest request{options.seed, options.count, options.ask, options.significant};
  // Every variant is found before anything is written: bad input leaves no files.
  const std::vector<ExerciseVariant> variants = make_variants(lesson, text, request);
  const std::filesystem::path out(options.out);
  std::error_code error;
  std::filesystem::create_directories(out, error);
  if (error) throw UsageError(options.out + ": cannot create the folder: " + error.message());
  for (const ExerciseVariant& v : variants) {
    write_file(out / (v.name + ".toml"), v.toml);
    if (options.sheet) {
      write_file(out / (v.name + ".sheet.md"), render_sheet_markdown(v, options.significant));
      write_file(out / (v.name + ".sheet.tex"), render_sheet_latex(v, options.significant));
    }
    if (options.key) write_file(out / (v.name + ".key.md"), render_key_markdown(v, options.significant));
  }
  return 0;
}

}  // namespace bptrace::cli
