#include "homework/csv.hpp"

#include "model/source_location.hpp"

namespace bptrace {

namespace {

class CsvParser {
 public:
  CsvParser(const std::string& path, std::string_view text, const CsvLimits& limits)
      : path_(path), text_(text), limits_(limits) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  std::vector<CsvRecord> records() {
    std::vector<CsvRecord> out;
    while (pos_ < text_.size()) {
      CsvRecord record = next_record(static_cast<int>(out.size()) + 1);
      if (out.size() == limits_.max_records) fail("more than " + std::to_string(limits_.max_records) + " rows");
      out.push_back(std::move(record));
    }
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw LessonError({path_, line_, column_}, "CSV: " + message);
  }

  // One step forward, keeping line and column (columns count code points, not UTF-8 bytes).
  void advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) {
      ++column_;
    }
    ++pos_;
  }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  bool at_record_end() const { return at_end() || peek() == '\n' || (peek() == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n'); }

  void append(std::string& field, char c) {
    if (field.size() == limits_.max_field_bytes) fail("a field longer than " + std::to_string(limits_.max_field_bytes) + " bytes");
    field += c;
  }

  std::string quoted_field() {
    const int line = line_, column = column_;
    advance();  // the opening quote
    std::string field;
    for (;;) {
      if (at_end()) throw LessonError({path_, line, column}, "CSV: a quoted field is not closed (a \" is missing)");
      char c = peek();
      advance();
      if (c != '"') {
        append(field, c);
        continue;
      }
      if (!at_end() && peek() == '"') {  // "" is one quote
        append(field, '"');
        advance();
        continue;
      }
      if (!at_record_end() && peek() != ',') fail("expected a comma or the end of the row after a closing quote");
      return field;
    }
  }

  std::string plain_field() {
    std::string field;
    while (!at_record_end() && peek() != ',') {
      if (peek() == '"') fail("a quote inside an unquoted field (quote the whole field: \"...\", with \"\" for a quote)");
      append(field, peek());
      advance();
    }
    return field;
  }

  CsvRecord next_record(int row) {
    CsvRecord record{row, line_, {}};
    for (;;) {
      if (record.fields.size() == limits_.max_fields) fail("more than " + std::to_string(limits_.max_fields) + " fields in a row");
      if (++total_fields_ > limits_.max_total_fields) fail("more than " + std::to_string(limits_.max_total_fields) + " fields");
      record.fields.push_back(!at_end() && peek() == '"' ? quoted_field() : plain_field());
      if (at_end()) return record;
      if (peek() == ',') {
        advance();
        continue;
      }
      if (peek() == '\r') advance();
      advance();  // '\n'
      return record;
    }
  }

  const std::string& path_;
  std::string_view text_;
  const CsvLimits& limits_;
  std::size_t pos_ = 0;
  int line_ = 1, column_ = 1;
  std::size_t total_fields_ = 0;
};

}  // namespace

std::vector<CsvRecord> parse_csv(const std::string& path, std::string_view text, const CsvLimits& limits) {
  return CsvParser(path, text, limits).records();
}

}  // namespace bptrace
