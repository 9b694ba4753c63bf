#pragma once
// RFC 4180 CSV: records separated by CRLF or LF, fields by commas; a field in double quotes may
// hold commas, line breaks and "" for one quote (canonical names such as layer1.dW[1,1] need it).
// A leading UTF-8 byte-order mark is skipped. Limits keep hostile input bounded.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bptrace {

struct CsvRecord {
  int row = 0;   // 1-based record number (the header is row 1)
  int line = 0;  // the line it starts on
  std::vector<std::string> fields;
};

struct CsvLimits {
  std::size_t max_records = 100'000;
  std::size_t max_fields = 4096;          // per record
  std::size_t max_total_fields = 500'000;
  std::size_t max_field_bytes = 65'536;
};

// Throws LessonError at file:line:column for text that is not CSV (an unterminated quote, a
// character after a closing quote, a quote inside an unquoted field) or beyond a limit.
std::vector<CsvRecord> parse_csv(const std::string& path, std::string_view text, const CsvLimits& limits = {});

}  // namespace bptrace
