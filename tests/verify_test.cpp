// `bptrace verify`'s pieces: the strict JSON reader, decimal text read as the nearest float32 or
// float64 (worked out by hand from the binary formats), the values file's errors, and the
// forward error bound of one quantity computed by hand from the README's rule.
#include "homework/error_bound.hpp"
#include "homework/json_reader.hpp"
#include "homework/values_file.hpp"
#include "lesson/lesson.hpp"
#include "lesson/trace_lesson.hpp"
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

namespace bptrace {
namespace {

Rational two_to(int k) {
  Integer one(1);
  return k >= 0 ? Rational(Integer(one << k)) : Rational(one, Integer(one << -k));
}

// The message of the LessonError that `f` throws, located: "file:line:column: message".
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const LessonError& e) {
    return e.located();
  }
  return "(no error)";
}

std::string json_error(const std::string& text) {
  return error_of([&] { parse_json("f.json", text); });
}

// 0.1 is not a binary number: float32(0.1) = 13421773/2^27, float64(0.1) = 3602879701896397/2^55.
TEST(ValuesNumbers, DecimalTextIsReadAsTheNearestNumberOfTheDtype) {
  EXPECT_EQ(read_as_format("0.1", float32_format()), Rational(13421773) * two_to(-27));
  EXPECT_EQ(read_as_format("0.1", float64_format()), Rational(Integer("3602879701896397")) * two_to(-55));
  EXPECT_EQ(read_as_format("-0.3775", float64_format()), -read_as_format("0.3775", float64_format()));
  EXPECT_EQ(read_as_format("2E+4", float32_format()), Rational(20000));
  EXPECT_EQ(read_as_format("-0", float64_format()), Rational(0));
  EXPECT_EQ(read_as_format("0.000", float32_format()), Rational(0));
  // The exact expansion of a float is that float: float32(1/3) = 11184811/2^25.
  EXPECT_EQ(read_as_format("0.3333333432674407958984375", float32_format()), Rational(11184811) * two_to(-25));
}

// 1 + 3·2^-24 − 10^-20 lies just below the midpoint of the float32 neighbours 1 + 2^-23 and
// 1 + 2^-22: its nearest float32 is 1 + 2^-23. Through a double it first becomes the midpoint
// itself, which ties to even, 1 + 2^-22 (NumPy: float32(float(text)) − 1 = 1/4194304).
TEST(ValuesNumbers, Float32IsReadWithoutDoubleRounding) {
  EXPECT_EQ(read_as_format("1.000000178813934326161875", float32_format()), 1 + two_to(-23));
  // Exact midpoints tie to even: 1 + 2^-24 to 1, 1 + 3·2^-24 to 1 + 2^-22.
  EXPECT_EQ(read_as_format("1.000000059604644775390625", float32_format()), Rational(1));
  EXPECT_EQ(read_as_format("1.000000178813934326171875", float32_format()), 1 + two_to(-22));
}

// Subnormals: the smallest float64 is 2^-1074 ≈ 4.94e-324, the smallest float32 2^-149 ≈ 1.4e-45;
// below half of it a value rounds to 0.
TEST(ValuesNumbers, SubnormalsAndUnderflow) {
  EXPECT_EQ(read_as_format("4.9406564584124654e-324", float64_format()), two_to(-1074));
  EXPECT_EQ(read_as_format("3e-324", float64_format()), two_to(-1074));
  EXPECT_EQ(read_as_format("2e-324", float64_format()), Rational(0));
  EXPECT_EQ(read_as_format("1e-45", float32_format()), two_to(-149));
  EXPECT_EQ(read_as_format("1e-999999999999999", float64_format()), Rational(0));
  EXPECT_EQ(read_as_format("0e999999999999", float64_format()), Rational(0));
}

// The largest float32 is (2 − 2^-23)·2^127 = 3.40282346638…e38; from half an ulp above it,
// 3.40282356779…e38, the nearest is infinity: an error, not a value.
TEST(ValuesNumbers, OverflowIsAnError) {
  EXPECT_EQ(read_as_format("3.4028235e38", float32_format()), (2 - two_to(-23)) * two_to(127));
  EXPECT_THROW(read_as_format("3.40282357e38", float32_format()), std::overflow_error);
  EXPECT_THROW(read_as_format("1e39", float32_format()), std::overflow_error);
  EXPECT_THROW(read_as_format("1e309", float64_format()), std::overflow_error);
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(read_as_format("1e999999999999999999", float64_format()), std::overflow_error);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_THROW(read_as_format("abc", float64_format()), NumberSyntaxError);
  EXPECT_THROW(read_as_format("1.", float64_format()), NumberSyntaxError);
  EXPECT_THROW(read_as_format("1/3", float64_format()), NumberSyntaxError);
  EXPECT_THROW(read_as_format("", float64_format()), NumberSyntaxError);
}

// u = 2^-53 and 2^-24; ulp(1) = 2^-52 in float64, ulp(0.75) = 2^-24 in float32, ulp(0) = 2^-1074.
TEST(ValuesNumbers, UnitRoundoffAndUlp) {
  EXPECT_EQ(unit_roundoff(float64_format()), two_to(-53));
  EXPECT_EQ(unit_roundoff(float32_format()), two_to(-24));
  EXPECT_EQ(ulp(Rational(1), float64_format()), two_to(-52));
  EXPECT_EQ(ulp(Rational(3, 4), float32_format()), two_to(-24));
  EXPECT_EQ(ulp(Rational(-3, 4), float32_format()), two_to(-24));
  EXPECT_EQ(ulp(Rational(0), float64_format()), two_to(-1074));
  EXPECT_TRUE(representable(Rational(1, 4), float32_format()));
  EXPECT_FALSE(representable(Rational(1, 10), float64_format()));
}

// A number keeps its text: the reader never rounds it.
TEST(JsonReader, KeepsNumberTextStringsAndLocations) {
  JsonValue v = parse_json("f.json", "{\n  \"a\": [1.50, -0e-0, \"x\\u00e9\\ud83d\\ude00\"],\n  \"b\": {\"c\": true, \"d\": null}\n}");
  ASSERT_EQ(v.kind, JsonValue::Kind::object);
  const JsonValue* a = v.find("a");
  ASSERT_TRUE(a);
  ASSERT_EQ(a->items.size(), 3u);
  EXPECT_EQ(a->items[0].text, "1.50");
  EXPECT_EQ(a->items[1].text, "-0e-0");
  EXPECT_EQ(a->items[2].text, "x\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(a->line, 2);
  EXPECT_EQ(a->column, 8);
  EXPECT_TRUE(v.find("b")->find("c")->boolean);
  EXPECT_EQ(v.find("b")->find("d")->kind, JsonValue::Kind::null);
}

// Each syntax error at its line and column (counted in characters), with the JSON path.
TEST(JsonReader, ErrorsAreLocated) {
  EXPECT_EQ(json_error("{\"a\": 1,\n \"a\": 2}"), "f.json:2:2: duplicate member name \"a\"");
  EXPECT_EQ(json_error("{\"a\": [1, 2"), "f.json:1:12: $.a: expected ',' or ']' in the array, found the end of the file");
  EXPECT_EQ(json_error("[01]"), "f.json:1:3: $[0]: a JSON number has no leading zero: found a digit after 0");
  EXPECT_EQ(json_error("{\"σσ\": x}"), "f.json:1:8: $[\"σσ\"]: expected a JSON value, found 'x'");
  EXPECT_EQ(json_error("[1] 2"), "f.json:1:5: expected the end of the file after the JSON value, found '2'");
  EXPECT_EQ(json_error("\"a\nb\""), "f.json:1:3: a control character in a string (write it as an escape, e.g. \\n)");
  EXPECT_EQ(json_error("\"\\x\""), "f.json:1:3: expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found 'x'");
  EXPECT_EQ(json_error("\"\xff\""), "f.json:1:2: invalid UTF-8 in a string: the byte 0xff");
  EXPECT_EQ(json_error("\"\\udc00\""), "f.json:1:8: a lone low surrogate (\\uDC00-\\uDFFF) in a string");
  EXPECT_EQ(json_error("[NaN]"), "f.json:1:2: $[0]: expected a JSON value, found 'N' (NaN and Infinity are not JSON: a values file holds finite numbers only)");
  EXPECT_EQ(json_error("[1.e5]"), "f.json:1:4: $[0]: expected a digit after the decimal point, found 'e'");
  EXPECT_EQ(json_error(""), "f.json:1:1: expected a JSON value (an object, array, string, number, true, false or null), found the end of the file");
}

// Hostile input: nesting beyond 64 levels, a number beyond 4096 characters, refused at once.
TEST(JsonReader, LimitsAreErrorsNotCrashes) {
  EXPECT_NO_THROW(parse_json("f.json", std::string(64, '[') + std::string(64, ']')));
  EXPECT_EQ(json_error(std::string(65, '[') + std::string(65, ']')),
            "f.json:1:65: $[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
            "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: "
            "JSON nested too deeply: at most 64 levels");
  EXPECT_NE(json_error(std::string(1'000'000, '[')).find("nested too deeply"), std::string::npos);
  EXPECT_NE(json_error("[1" + std::string(5000, '0') + "]").find("number too long: at most 4096 characters"), std::string::npos);
}

std::string values_error(const std::string& values, const std::string& head = R"("format": "bptrace-values", "version": 1, "dtype": "float64")") {
  return error_of([&] { parse_values_file("v.json", "{" + head + ",\n\"values\": {" + values + "}}"); });
}

// The values file's fields, each error at its place with its JSON path.
TEST(ValuesFileReader, FieldsAndValues) {
  ValuesFile f = parse_values_file("v.json", R"({"format": "bptrace-values", "version": 1, "dtype": "float32", "producer": "p",
    "values": {"loss": "0.1", "layer1.z[1]": 0.25}})");
  EXPECT_EQ(f.dtype, float32_format());
  EXPECT_EQ(f.producer, "p");
  ASSERT_EQ(f.values.size(), 2u);
  EXPECT_EQ(f.values[0].value, Rational(13421773) * two_to(-27));
  EXPECT_EQ(f.values[1].json_path, "$.values[\"layer1.z[1]\"]");
  EXPECT_EQ(f.values[1].where.line, 2);
  EXPECT_EQ(values_error(R"("loss": "abc")"),
            "v.json:2:20: $.values[\"loss\"]: expected a decimal number (\"0.3775\", \"-1.5e-3\"), found the string \"abc\": "
            "expected a digit, found 'a'");
  EXPECT_EQ(values_error(R"("loss": true)"),
            "v.json:2:20: $.values[\"loss\"]: expected a number, or a decimal number in a string (\"0.3775\"), found a boolean");
  EXPECT_EQ(values_error(R"("loss": 1e400)"), "v.json:2:20: $.values[\"loss\"]: 1e400 is beyond the largest float64 number: not a value a float64 program holds");
  EXPECT_EQ(values_error(""), "v.json:2:11: $.values: no values: nothing to verify");
  EXPECT_EQ(values_error("\"loss\": 1", R"("format": "bptrace-values", "version": 2, "dtype": "float64")"),
            "v.json:1:41: $.version: expected 1, the only version there is, found 2");
  EXPECT_EQ(values_error("\"loss\": 1", R"("format": "bptrace-values", "version": 1, "dtype": "float16")"),
            "v.json:1:53: $.dtype: expected \"float64\" or \"float32\", found \"float16\"");
  EXPECT_EQ(values_error("\"loss\": 1", R"("format": "bptrace-values", "version": 1, "dtype": "float64", "dtpye": 1)"),
            "v.json:1:73: $.dtpye: unknown field; a values file has: format, version, dtype, producer, lesson, values (docs/values-format.md)");
  EXPECT_EQ(values_error("\"loss\": 1", R"("format": "bptrace-values", "version": 1)"),
            "v.json:1:1: $: the field \"dtype\" is missing (docs/values-format.md)");
}

// Lesson 001-4 in float64: z^[1]_1 = w11·x1 + w12·x2 + b1 = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775.
// None of the five givens is a float64, so each carries u·|v|; by the rule (README),
// B = γ_3·(0.0075 + 0.02 + 0.35) + (|w11|·u|x1| + |x1|·u|w11|) + (|w12|·u|x2| + |x2|·u|w12|) + u·0.35
//   = γ_3·0.3775 + u·(0.015 + 0.04 + 0.35),  γ_3 = 3u/(1 − 3u),
// and the tolerance is 2·B, rounded up to 64 significant bits (so within 2^-63 relative of it).
TEST(ErrorBound, DotProductOfTheFirstLayerByHand) {
  Lesson lesson = load_lesson(std::string(BPTRACE_SOURCE_DIR) + "/lessons/001-4-sigmoid-2-2-2.toml");
  CertifiedTrace exact = trace_lesson(lesson, 30);
  ToleranceRule rule;
  Bounds t = tolerances(lesson.problem, exact.trace, rule);
  const Rational u = two_to(-53), gamma3 = 3 * u / (1 - 3 * u);
  const Rational bound = 2 * (gamma3 * Rational(3775, 10000) + u * Rational(405, 1000));
  const Rational got = t.at(*exact.trace.key("layer1.z[1]"));
  EXPECT_GE(got, bound);
  EXPECT_LE(got, bound * (1 + two_to(-62)));
  // The flat rule instead: 1e-6·|0.3775| + 0.
  rule.rtol = Rational(1, 1000000);
  Bounds flat = tolerances(lesson.problem, exact.trace, rule);
  EXPECT_GE(flat.at(*exact.trace.key("layer1.z[1]")), Rational(3775, 10000000000));
  EXPECT_LE(flat.at(*exact.trace.key("layer1.z[1]")), Rational(3775, 10000000000) * (1 + two_to(-62)));
}

// The command: a malformed values file is exit 2 with one located message; a graph lesson too.
TEST(VerifyCommand, BadInputIsExitTwo) {
  const std::string dir = ::testing::TempDir();
  const std::string path = dir + "/truncated.json";
  std::ofstream(path) << "{\"format\": \"bptrace-values\", \"version\": 1,\n \"dtype\": \"float64\", \"values\": {\"loss\": 0.29";
  auto r = test_support::run_bptrace("verify 001-4 '" + path + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "error: " + path + ":2:45: $.values: expected ',' or '}' in the object, found the end of the file\n");
  r = test_support::run_bptrace("verify 002-1 '" + path + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("verify needs a layered network lesson"), std::string::npos);
  r = test_support::run_bptrace("verify 001-4 /dev/null --factor -1");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "error: --factor '-1': expected a number > 0\n");
}

}  // namespace
}  // namespace bptrace
