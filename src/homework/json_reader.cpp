#include "homework/json_reader.hpp"

#include <cstdint>
#include <unordered_set>

namespace bptrace {

const JsonValue* JsonValue::find(const std::string& key) const {
  for (const auto& [name, value] : members)
    if (name == key) return &value;
  return nullptr;
}

std::string json_kind_name(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::null: return "null";
    case JsonValue::Kind::boolean: return "a boolean";
    case JsonValue::Kind::number: return "a number";
    case JsonValue::Kind::string: return "a string";
    case JsonValue::Kind::array: return "an array";
    case JsonValue::Kind::object: return "an object";
  }
  return "a value";
}

namespace {

class Reader {
 public:
  Reader(const std::string& file, const std::string& text) : file_(file), text_(text) {}

  JsonValue document() {
    skip_space();
    JsonValue root = value(0);
    skip_space();
    if (!at_end()) fail("expected the end of the file after the JSON value, found " + found());
    return root;
  }

 private:
  const std::string& file_;
  const std::string& text_;
  std::size_t pos_ = 0;
  int line_ = 1, column_ = 1;
  std::size_t nodes_ = 0;
  std::vector<std::string> path_;  // where the reader is: "values", "[\"layer1.z[1]\"]", "[3]"

  bool at_end() const { return pos_ >= text_.size(); }
  unsigned char peek() const { return at_end() ? 0 : static_cast<unsigned char>(text_[pos_]); }

  // Columns count characters: a UTF-8 continuation byte does not start one.
  void advance() {
    unsigned char c = peek();
    ++pos_;
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column_;
    }
  }

  [[noreturn]] void fail(const std::string& message) const { fail_at(line_, column_, message); }
  [[noreturn]] void fail_at(int line, int column, const std::string& message) const {
    std::string where = "$";
    for (const std::string& p : path_) where += p;
    throw LessonError({file_, line, column}, (path_.empty() ? "" : where + ": ") + message);
  }

  // A member name as a JSON path step: .values, or ["layer1.z[1]"] when it is not an identifier.
  static std::string step(const std::string& key) {
    bool identifier = !key.empty() && key.size() <= 64;
    for (char c : key) identifier = identifier && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
    if (identifier) return "." + key;
    std::string out = "[\"";
    for (char c : key.substr(0, 64)) out += (c == '"' || c == '\\') ? std::string("\\") + c : (static_cast<unsigned char>(c) < 0x20 ? std::string("?") : std::string(1, c));
    return out + (key.size() > 64 ? "…\"]" : "\"]");
  }

  std::string found() const {
    if (at_end()) return "the end of the file";
    unsigned char c = peek();
    if (c >= 0x20 && c < 0x7F) return "'" + std::string(1, static_cast<char>(c)) + "'";
    char hex[8];
    static const char* digits = "0123456789abcdef";
    hex[0] = '0', hex[1] = 'x', hex[2] = digits[c >> 4], hex[3] = digits[c & 15], hex[4] = 0;
    return "the byte " + std::string(hex);
  }

  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) advance();
  }

  void expect(char c, const std::string& what) {
    if (peek() != static_cast<unsigned char>(c)) fail("expected " + what + ", found " + found());
    advance();
  }

  JsonValue start() {
    if (++nodes_ > kMaxJsonNodes)
      fail("too many JSON values: at most " + std::to_string(kMaxJsonNodes) + " in one file");
    JsonValue v;
    v.line = line_;
    v.column = column_;
    return v;
  }

  JsonValue value(int depth) {
    if (depth >= kMaxJsonDepth) fail("JSON nested too deeply: at most " + std::to_string(kMaxJsonDepth) + " levels");
    unsigned char c = peek();
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') {
      JsonValue v = start();
      v.kind = JsonValue::Kind::string;
      v.text = string();
      return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    if (c >= 'a' && c <= 'z') return literal();
    if (c == 'N' || c == 'I')
      fail("expected a JSON value, found " + found() +
           " (NaN and Infinity are not JSON: a values file holds finite numbers only)");
    fail("expected a JSON value (an object, array, string, number, true, false or null), found " + found());
  }

  JsonValue literal() {
    JsonValue v = start();
    std::size_t begin = pos_;
    while (peek() >= 'a' && peek() <= 'z') advance();
    std::string word = text_.substr(begin, pos_ - begin);
    if (word == "true" || word == "false") {
      v.kind = JsonValue::Kind::boolean;
      v.boolean = word == "true";
    } else if (word != "null") {
      fail_at(v.line, v.column, "expected a JSON value, found '" + word.substr(0, 20) + "'");
    }
    return v;
  }

  JsonValue object(int depth) {
    JsonValue v = start();
    v.kind = JsonValue::Kind::object;
    advance();  // {
    skip_space();
    if (peek() == '}') {
      advance();
      return v;
    }
    std::unordered_set<std::string> names;  // a duplicate found in O(1), not by a scan
    for (;;) {
      skip_space();
      int key_line = line_, key_column = column_;
      if (peek() != '"') fail("expected a member name (a string in double quotes), found " + found());
      std::string key = string();
      if (!names.insert(key).second) fail_at(key_line, key_column, "duplicate member name \"" + key + "\"");
      skip_space();
      expect(':', "':' after the member name");
      skip_space();
      path_.push_back(step(key));
      JsonValue member = value(depth + 1);
      path_.pop_back();
      v.members.push_back(JsonMember{std::move(key), std::move(member)});
      skip_space();
      if (peek() == ',') {
        advance();
        continue;
      }
      expect('}', "',' or '}' in the object");
      return v;
    }
  }

  JsonValue array(int depth) {
    JsonValue v = start();
    v.kind = JsonValue::Kind::array;
    advance();  // [
    skip_space();
    if (peek() == ']') {
      advance();
      return v;
    }
    for (;;) {
      skip_space();
      path_.push_back("[" + std::to_string(v.items.size()) + "]");
      v.items.push_back(value(depth + 1));
      path_.pop_back();
      skip_space();
      if (peek() == ',') {
        advance();
        continue;
      }
      expect(']', "',' or ']' in the array");
      return v;
    }
  }

  // number = [ "-" ] ( "0" / 1-9 *DIGIT ) [ "." 1*DIGIT ] [ ( "e" / "E" ) [ "-" / "+" ] 1*DIGIT ]
  JsonValue number() {
    JsonValue v = start();
    v.kind = JsonValue::Kind::number;
    std::size_t begin = pos_;
    auto digits = [&](const char* what) {
      if (!(peek() >= '0' && peek() <= '9')) fail("expected " + std::string(what) + ", found " + found());
      while (peek() >= '0' && peek() <= '9') advance();
    };
    if (peek() == '-') advance();
    if (peek() == '0') {
      advance();
      if (peek() >= '0' && peek() <= '9') fail("a JSON number has no leading zero: found a digit after 0");
    } else {
      digits("a digit");
    }
    if (peek() == '.') {
      advance();
      digits("a digit after the decimal point");
    }
    if (peek() == 'e' || peek() == 'E') {
      advance();
      if (peek() == '+' || peek() == '-') advance();
      digits("a digit in the exponent");
    }
    if (pos_ - begin > kMaxJsonNumberChars)
      fail_at(v.line, v.column, "number too long: at most " + std::to_string(kMaxJsonNumberChars) + " characters");
    v.text = text_.substr(begin, pos_ - begin);
    return v;
  }

  unsigned hex4() {
    unsigned code = 0;
    for (int k = 0; k < 4; ++k) {
      unsigned char c = peek();
      unsigned d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 16;
      if (d == 16) fail("expected 4 hexadecimal digits after \\u, found " + found());
      code = code * 16 + d;
      advance();
    }
    return code;
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  // One UTF-8 character, checked (no overlong form, no surrogate, at most U+10FFFF).
  void utf8_character(std::string& out) {
    unsigned char c = peek();
    int more = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
    if (more < 0) fail("invalid UTF-8 in a string: " + found());
    unsigned code = c & (more == 1 ? 0x1F : more == 2 ? 0x0F : 0x07);
    std::size_t begin = pos_;
    advance();
    for (int k = 0; k < more; ++k) {
      unsigned char d = peek();
      if ((d & 0xC0) != 0x80) fail("invalid UTF-8 in a string: " + found() + " where a continuation byte belongs");
      code = (code << 6) | (d & 0x3F);
      advance();
    }
    if ((more == 2 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) || (more == 3 && (code < 0x10000 || code > 0x10FFFF)))
      fail("invalid UTF-8 in a string (an overlong form, a surrogate or beyond U+10FFFF)");
    out += text_.substr(begin, pos_ - begin);
  }

  std::string string() {
    advance();  // "
    std::string out;
    for (;;) {
      if (at_end()) fail("unterminated string: expected '\"' before the end of the file");
      unsigned char c = peek();
      if (c == '"') {
        advance();
        return out;
      }
      if (c < 0x20) fail("a control character in a string (write it as an escape, e.g. \\n)");
      if (c >= 0x80) {
        utf8_character(out);
        continue;
      }
      if (c != '\\') {
        out += static_cast<char>(c);
        advance();
        continue;
      }
      advance();
      unsigned char e = peek();
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          advance();
          unsigned code = hex4();
          if (code >= 0xD800 && code <= 0xDBFF) {
            if (peek() != '\\') fail("expected a low surrogate \\uDC00-\\uDFFF after a high surrogate");
            advance();
            if (peek() != 'u') fail("expected a low surrogate \\uDC00-\\uDFFF after a high surrogate");
            advance();
            unsigned low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("expected a low surrogate \\uDC00-\\uDFFF after a high surrogate");
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          } else if (code >= 0xDC00 && code <= 0xDFFF) {
            fail("a lone low surrogate (\\uDC00-\\uDFFF) in a string");
          }
          append_utf8(out, code);
          continue;
        }
        default: fail("expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found " + found());
      }
      advance();
    }
  }
};

}  // namespace

JsonValue parse_json(const std::string& path, const std::string& text) { return Reader(path, text).document(); }

}  // namespace bptrace
