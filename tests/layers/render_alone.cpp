// The control of the layering test: the render layer, linked alone, prints a trace. If this does
// not link, render_uses_engine.cpp's failure would prove nothing.
#include "render/text.hpp"

int main() {
  bptrace::Trace trace;
  return static_cast<int>(bptrace::render_errata(trace).size() % 2);
}
